package io.pgkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.testing.Cli;
import org.junit.jupiter.api.Test;

/** restore's options that exclude each other, or that the chosen restore would ignore, are refused with exit 2 before a policy is even read. */
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

    /** Each as the command line spells it: short names, a negated flag, an option with its value. */
    @Test
    void optionsTheChosenRestoreWouldIgnoreAreRefusedByName() {
        String[][] cases = {
                {"--no-archive", "restore", "-d", "app", "--no-archive"},
                {"--jobs", "restore", "--pgdata", "/tmp/x", "-j", "4"},
                {"--target-timeline", "restore", "--all", "--target-timeline", "latest"},
                {"--force", "restore", "--database", "app", "--target-time", "2026-01-01T00:00:00Z", "--force"},
                {"--target-action pause", "restore", "--database", "app", "--target-lsn", "0/3000000", "--target-action", "pause"},
                {"--table", "restore", "--database", "app", "--table", "public.t"}};
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.exitCode(), r::toString);
            String option = c[0].equals("--no-archive") ? "--archive" : c[0];
            assertTrue(r.err().contains("error: " + option + " cannot be honoured"), r::toString);
            assertTrue(r.err().contains("hint: ") && r.err().contains("leave out"), r::toString);
        }
    }

    @Test
    void aTableNameWithoutSchemaIsRefused() {
        Cli.Result r = Cli.run("restore", "--database", "app", "--target-time", "2026-01-01T00:00:00Z", "--table", "orders");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--table 'orders' is not a table name (it names no schema)"), r::toString);
    }

    /** Refused before any server or repository is touched: the policy points at a port where nothing listens. */
    @Test
    void aPgBackRestClusterIsRefusedForThePointInTimeRestoreOfOneDatabase(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path policy = dir.resolve("pgkeeper.yaml");
        java.nio.file.Files.writeString(policy, "version: 1\nrepository:\n  path: " + dir.resolve("repo") + "\nclusters:\n  main:\n"
                + "    connection: {host: 127.0.0.1, port: 1, user: postgres}\n    pgdata: /var/lib/postgresql/15/main\n"
                + "    physical:\n      engine: pgbackrest\n      pgbackrest:\n        stanza: main\n");
        Cli.Result r = Cli.run("--policy", policy.toString(), "restore", "--database", "app", "--target-time", "2026-01-01T00:00:00Z", "--into", "x");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("keeps its physical backups in pgbackrest") && r.err().contains("restore --pgdata DIR --target-time T"), r::toString);
        assertTrue(!java.nio.file.Files.exists(dir.resolve("repo")), "nothing was created");
    }
}
