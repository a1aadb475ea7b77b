package io.pgkeeper.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.testing.Amcheck;
import io.pgkeeper.testing.ArchivingPrimary;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Copy;
import io.pgkeeper.testing.StandbyPair;
import io.pgkeeper.testing.Tablespaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real streaming standby (pg_basebackup -R from the primary, with a tablespace) is the backup
 * source, as many sites take their backups. Its backup carries standby.signal and
 * primary_conninfo: restored, it must become an independent server that replays the primary's
 * archive and promotes; with --standby, a replica of the primary that streams and never promotes.
 */
class StandbySourceIT {
    static ArchivingPrimary primary;
    static StandbyPair pair;
    static Path ts;
    static String backupId;

    @BeforeAll
    static void setUp() {
        primary = ArchivingPrimary.start();
        ts = Tablespaces.create(primary.server(), primary.dir(), "ts1");
        primary.server().execute("postgres", "CREATE EXTENSION amcheck", "CREATE TABLE t(batch text, n int) TABLESPACE ts1",
                "INSERT INTO t SELECT 'before', g FROM generate_series(1, 1000) g", "CREATE INDEX t_n ON t(n)");
        pair = StandbyPair.of(primary.server(), List.of(ts));
        primary.policy(pair.standbyPort(), "");
        backupId = primary.basebackup();
        primary.server().execute("postgres", "INSERT INTO t SELECT 'after', g FROM generate_series(1, 500) g");
        primary.server().switchWalAndWaitArchived();
    }

    @AfterAll
    static void tearDown() {
        if (pair != null) {
            pair.close();
        }
        if (primary != null) {
            primary.close();
        }
    }

    private static Path standbyTablespace() {
        return pair.standby().baseDir().resolve("ts-" + ts.getFileName());
    }

    @Test
    void theManifestSaysTheSourceWasAStandby() {
        Cli.Result r = primary.pgkeeper("--json", "list", "--kind", "physical");
        assertTrue(r.out().contains("\"fromStandby\" : true"), r::toString);
        assertTrue(r.out().contains("\"path\" : \"" + standbyTablespace() + "\""), r::toString);
    }

    @Test
    void restoredItIsAnIndependentServerWithThePrimarysArchivedWal() throws Exception {
        Path dir = primary.dir().resolve("promoted");
        int port = Copy.freePort();
        Cli.Result refused = primary.run("restore", "--backup", backupId, "--pgdata", dir.toString(), "--start", "--port", Integer.toString(port));
        assertEquals(2, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains(standbyTablespace() + " is not empty") && refused.err().contains("--tablespace-map"), refused::toString);
        assertFalse(Files.exists(dir));

        Cli.Result r = primary.pgkeeper("restore", "--backup", backupId, "--pgdata", dir.toString(), "--start", "--port", Integer.toString(port),
                "--tablespace-map", standbyTablespace() + "=" + primary.dir().resolve("promoted-ts"));
        try (Copy c = new Copy(dir, port)) {
            assertTrue(r.out().contains("recovery promoted") && r.out().contains("it was taken from a standby"), r::toString);
            assertTrue(r.out().contains("removed from the backup's postgresql.auto.conf: primary_conninfo"), r::toString);
            assertFalse(r.out().contains("password="), r::toString);
            assertEquals("f", c.queryString("postgres", "SELECT pg_is_in_recovery()::text").substring(0, 1));
            assertEquals(1000, c.queryLong("postgres", "SELECT count(*) FROM t WHERE batch = 'before'"), c::log);
            assertEquals(500, c.queryLong("postgres", "SELECT count(*) FROM t WHERE batch = 'after'"), c::log);
            assertFalse(Files.exists(dir.resolve("standby.signal")));
            assertEquals("", c.queryString("postgres", "SHOW primary_conninfo"));
            assertEquals("", c.queryString("postgres", "SHOW restore_command"));
            Amcheck.check(port);
        }
    }

    @Test
    void withStandbyItIsAReplicaOfThePrimaryThatStreamsAndNeverPromotes() throws Exception {
        Path dir = primary.dir().resolve("replica");
        int port = Copy.freePort();
        String conninfo = "host=127.0.0.1 port=" + primary.server().port() + " user=postgres application_name=replica2";
        Cli.Result r = primary.pgkeeper("restore", "--backup", backupId, "--pgdata", dir.toString(), "--standby", "--primary-conninfo", conninfo,
                "--start", "--port", Integer.toString(port), "--tablespace-map", standbyTablespace() + "=" + primary.dir().resolve("replica-ts"));
        try (Copy c = new Copy(dir, port)) {
            assertTrue(r.out().contains("recovery standby"), r::toString);
            assertTrue(Files.exists(dir.resolve("standby.signal")));
            primary.server().execute("postgres", "INSERT INTO t SELECT 'live', g FROM generate_series(1, 7) g");
            long live = 0;
            for (int i = 0; i < 300 && live < 7; i++) {
                live = c.queryLong("postgres", "SELECT count(*) FROM t WHERE batch = 'live'");
                Thread.sleep(100);
            }
            assertEquals(7, live, c::log);
            assertEquals("t", c.queryString("postgres", "SELECT pg_is_in_recovery()::text").substring(0, 1));
            assertEquals(1, primary.server().queryLong("postgres", "SELECT count(*) FROM pg_stat_replication WHERE application_name = 'replica2'"));
            Amcheck.checkReadOnly(port);
        }
    }

    @Test
    void physicalVerifyOfTheStandbysBackupPasses() throws Exception {
        Path sandboxes = Files.createDirectories(primary.dir().resolve("sandboxes"));
        Path policy = primary.policy(pair.standbyPort(), "    verify:\n      sandbox:\n        baseDir: " + sandboxes + "\n");
        Cli.Result v = Cli.run("--policy", policy.toString(), "verify", "--kind", "physical", "--backup", backupId);
        assertEquals(0, v.exitCode(), v::toString);
        primary.policy(pair.standbyPort(), "");
    }
}
