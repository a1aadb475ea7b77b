package io.pgkeeper.engine.pgbackrest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.testing.Amcheck;
import io.pgkeeper.testing.ArchivingPrimary;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Copy;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.Tablespaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pgbackrest engine with a user tablespace: pgkeeper checks the tablespace directories before
 * pgbackrest writes anything (with --force, pgbackrest's --delta would overwrite the source's),
 * maps them with pgbackrest's --tablespace-map, verifies inside the sandbox with
 * --tablespace-map-all, and takes its own recovery settings out again after the promotion.
 */
class PgBackRestTablespaceIT {
    static ArchivingPrimary primary;
    static Path ts;

    @BeforeAll
    static void setUp() throws Exception {
        primary = ArchivingPrimary.start(Map.of(), "");
        Path pbrRepo = Files.createDirectory(primary.dir().resolve("pgbackrest-repo"));
        Launcher.giveToServer(pbrRepo);
        Path sandboxes = Files.createDirectories(primary.dir().resolve("sandboxes"));
        String push = Launcher.script() + " archive push --quiet --policy " + primary.policy() + " --cluster main --engine pgbackrest %p";
        primary.server().execute("postgres", "ALTER SYSTEM SET archive_command = '" + push.replace("'", "''") + "'", "SELECT pg_reload_conf()");
        primary.policy(primary.server().port(), "    pgdata: " + primary.server().server().dataDir() + "\n"
                + "    verify:\n      sandbox:\n        baseDir: " + sandboxes + "\n"
                + "    physical:\n      engine: pgbackrest\n      pgbackrest:\n        stanza: main\n        options:\n"
                + "          repo1-path: " + pbrRepo + "\n          compress-type: none\n          start-fast: true\n"
                + "          archive-timeout: 120\n          pg1-socket-path: " + primary.server().server().socketDir() + "\n");
        ts = Tablespaces.create(primary.server(), primary.dir(), "fast");
        primary.server().execute("postgres", "CREATE TABLE t(n int) TABLESPACE fast", "INSERT INTO t SELECT generate_series(1, 2000)", "ANALYZE");
        Cli.Result bb = primary.run("basebackup", "--type", "full");
        assertEquals(0, bb.exitCode(), bb::toString);
    }

    @AfterAll
    static void tearDown() {
        if (primary != null) {
            primary.close();
        }
    }

    @Test
    void theSourcesTablespaceIsRefusedEvenWithForceAndAMappingRestoresItElsewhere() throws Exception {
        Map<String, String> before = Tablespaces.checksums(ts);
        Path dir = primary.dir().resolve("copy");
        Cli.Result refused = primary.run("restore", "--pgdata", dir.toString(), "--force");
        assertEquals(2, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains(ts + " is not empty") && refused.err().contains("--tablespace-map"), refused::toString);
        assertFalse(Files.exists(dir));

        int port = Copy.freePort();
        Path mapped = primary.dir().resolve("copy-ts");
        Cli.Result r = primary.run("restore", "--pgdata", dir.toString(), "--tablespace-map", ts + "=" + mapped, "--start", "--port", Integer.toString(port));
        assertEquals(0, r.exitCode(), r::toString);
        try (Copy c = new Copy(dir, port)) {
            assertTrue(r.out().contains("recovery promoted"), r::toString);
            assertEquals(2000, c.queryLong("postgres", "SELECT count(*) FROM t"), c::log);
            assertEquals(mapped.toString(), c.queryString("postgres", "SELECT pg_tablespace_location(oid) FROM pg_tablespace WHERE spcname = 'fast'"));
            assertEquals("", c.queryString("postgres", "SHOW restore_command"));
            assertFalse(Files.readString(dir.resolve("postgresql.auto.conf")).contains("archive-get"));
            Amcheck.check(port);
            c.execute("postgres", "INSERT INTO t SELECT generate_series(1, 50000)", "CHECKPOINT");
        }
        assertEquals(before, Tablespaces.checksums(ts));
    }

    @Test
    void verifyKeepsTheTablespaceInsideTheSandbox() {
        Map<String, String> before = Tablespaces.checksums(ts);
        Cli.Result v = primary.run("verify", "--kind", "physical");
        assertEquals(0, v.exitCode(), v::toString);
        assertEquals(before, Tablespaces.checksums(ts));
    }
}
