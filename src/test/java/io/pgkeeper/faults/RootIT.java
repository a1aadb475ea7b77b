package io.pgkeeper.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Policies;
import io.pgkeeper.testing.Processes;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 10: run as root, pgkeeper will not write a restored data directory owned by root.
 * (Sandboxes run as the unprivileged user: VerifyIT.theSandboxRunsAsTheUnprivilegedUserAndCanBeKept.)
 */
class RootIT {
    @TempDir
    Path tmp;

    @Test
    void aRestoreIntoADataDirectoryOwnedByRootIsAUsageErrorAndWritesNothing() {
        Assumptions.assumeTrue(Processes.OS.root(), "only meaningful when the tests run as root");
        Path policy = Policies.write(tmp, tmp.resolve("repo"), Policies.connection(5432, "postgres"), "    osUser: root\n");
        Path target = tmp.resolve("pgdata");
        Cli.Result r = Cli.run("--policy", policy.toString(), "restore", "--pgdata", target.toString(), "--force");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("refusing to restore a data directory owned by root"), r::toString);
        assertTrue(r.err().contains("clusters.main.osUser"), r::toString);
        assertFalse(target.toFile().exists());
    }
}
