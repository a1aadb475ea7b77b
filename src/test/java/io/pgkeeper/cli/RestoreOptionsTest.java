package io.pgkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.testing.Cli;
import org.junit.jupiter.api.Test;

/** restore's logical options that exclude each other are refused with exit 2 before a policy is even read. */
class RestoreOptionsTest {
    @Test
    void allExcludesDatabaseIntoAndPgdata() {
        for (String[] extra : new String[][] {{"--database", "app"}, {"--into", "x"}, {"--pgdata", "/tmp/x"}}) {
            Cli.Result r = Cli.run("restore", "--all", extra[0], extra[1]);
            assertEquals(2, r.exitCode(), r::toString);
            assertTrue(r.err().contains("--all restores every database under its own name"), r::toString);
        }
    }

    @Test
    void sayWhatToRestore() {
        Cli.Result r = Cli.run("restore");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--database DB or --all"), r::toString);
    }
}
