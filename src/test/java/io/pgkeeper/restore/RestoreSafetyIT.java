package io.pgkeeper.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.testing.Amcheck;
import io.pgkeeper.testing.ArchivingPrimary;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Copy;
import io.pgkeeper.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.pgkeeper.testing.ArchivingPrimaryExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a restore must never do on a real host: carry the source's stale recovery settings into
 * the copy (or leave its own behind), archive a side copy's timeline into production's archive,
 * log into the data directory, empty a directory that is not a data directory, or read a time
 * without a zone.
 */
@ExtendWith(ArchivingPrimaryExtension.class)
class RestoreSafetyIT {
    static ArchivingPrimary primary;
    static String backupId;
    static String lsnAfter;
    static String parisBetween;
    static Instant between;

    @BeforeAll
    static void setUp(ArchivingPrimary started) throws Exception {
        primary = started;
        var pg = primary.server();
        // stale settings as a primary that was itself restored once, or a former standby, carries them
        pg.execute("postgres", "CREATE TABLE t(batch text, n int)", "INSERT INTO t SELECT 'base', g FROM generate_series(1, 100) g",
                "ALTER SYSTEM SET recovery_target_time = '2001-01-01 00:00:00+00'", "ALTER SYSTEM SET restore_command = 'false'",
                "ALTER SYSTEM SET primary_conninfo = 'host=old-primary user=replicator password=hunter2'",
                "ALTER SYSTEM SET primary_slot_name = 'gone'");
        Files.writeString(pg.server().dataDir().resolve("postgresql.conf"), "\nrecovery_target_xid = '3'\n", StandardOpenOption.APPEND);
        backupId = primary.basebackup();
        pg.execute("postgres", "INSERT INTO t SELECT 'A', g FROM generate_series(1, 100) g");
        Thread.sleep(1100);
        between = Instant.parse(pg.queryString("postgres", "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"));
        parisBetween = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").format(between.atZone(ZoneId.of("Europe/Paris"))) + " Europe/Paris";
        Thread.sleep(1100);
        pg.execute("postgres", "INSERT INTO t SELECT 'B', g FROM generate_series(1, 100) g");
        lsnAfter = pg.queryString("postgres", "SELECT pg_current_wal_insert_lsn()::text");
        pg.switchWalAndWaitArchived();
    }

    private static long count(Copy c, String batch) {
        return c.queryLong("postgres", "SELECT count(*) FROM t WHERE batch = '" + batch + "'");
    }

    @Test
    void staleRecoverySettingsAreRemovedReportedAndPgkeepersOwnGoAfterThePromotion() throws Exception {
        Path dir = primary.dir().resolve("stale");
        int port = Copy.freePort();
        Cli.Result r = primary.pgkeeper("--json", "restore", "--backup", backupId, "--pgdata", dir.toString(), "--start", "--port", Integer.toString(port));
        try (Copy c = new Copy(dir, port)) {
            JsonNode doc = Json.mapper().readTree(r.out());
            String removed = doc.get("removedSettings").toString();
            assertTrue(removed.contains("recovery_target_time = '2001-01-01 00:00:00+00'") && removed.contains("restore_command = 'false'")
                    && removed.contains("primary_slot_name = 'gone'") && removed.contains("primary_conninfo"), removed);
            assertFalse(r.out().contains("hunter2"), r::toString);
            // neither the stale target in postgresql.auto.conf nor the one in postgresql.conf stopped recovery early
            assertEquals(100, count(c, "B"), c::log);
            assertTrue(doc.get("reached").get("recoverySettingsRemoved").asBoolean(), r::toString);
            String auto = Files.readString(dir.resolve("postgresql.auto.conf"));
            for (String gone : List.of("restore_command", "recovery_target", "primary_conninfo", "primary_slot_name", "hunter2")) {
                assertFalse(auto.contains(gone), gone + " in\n" + auto);
            }
            assertEquals("", c.queryString("postgres", "SHOW restore_command"));
            assertEquals(0, c.queryLong("postgres", "SELECT count(*) FROM pg_file_settings WHERE name LIKE 'recovery_target%' AND sourcefile LIKE '%auto.conf'"));
            // logs outside the data directory
            assertFalse(Files.exists(dir.resolve("server.log")));
            assertFalse(Files.exists(dir.resolve("log")));
            assertTrue(Files.readString(c.logFile()).contains("database system is ready to accept connections"), c::log);
            assertEquals(c.logFile().toString(), doc.get("serverLog").asText());
            Amcheck.check(port);

            // a base backup of the promoted copy inherits nothing of its recovery
            Path policy = primary.dir().resolve("copy.yaml");
            Files.writeString(policy, Files.readString(primary.policy()).replace("port: " + primary.server().port(), "port: " + port));
            Cli.Result bb = Cli.run("--policy", policy.toString(), "basebackup");
            assertEquals(0, bb.exitCode(), bb::toString);
            Path again = primary.dir().resolve("again");
            int port2 = Copy.freePort();
            Cli.Result r2 = Cli.run("--policy", policy.toString(), "--json", "restore", "--backup", bb.out().trim(), "--pgdata", again.toString(),
                    "--start", "--port", Integer.toString(port2));
            assertEquals(0, r2.exitCode(), r2::toString);
            try (Copy c2 = new Copy(again, port2)) {
                assertEquals(100, count(c2, "B"), c2::log);
                String removed2 = Json.mapper().readTree(r2.out()).get("removedSettings").toString();
                assertFalse(removed2.contains("restore_command") || removed2.contains("recovery_target"), removed2);
            }
        }
    }

    @Test
    void aTargetAfterStaleSettingsIsNotAMultipleTargetErrorAndResultsShowItInUtc() throws Exception {
        Path dir = primary.dir().resolve("paris");
        int port = Copy.freePort();
        Cli.Result r = primary.pgkeeper("--json", "restore", "--pgdata", dir.toString(), "--start", "--port", Integer.toString(port),
                "--target-time", parisBetween);
        try (Copy c = new Copy(dir, port)) {
            assertEquals("time " + between, Json.mapper().readTree(r.out()).get("target").asText());
            assertEquals(100, count(c, "A"), c::log);
            assertEquals(0, count(c, "B"));
        }
        Path byLsn = primary.dir().resolve("lsn");
        int port2 = Copy.freePort();
        primary.pgkeeper("restore", "--pgdata", byLsn.toString(), "--start", "--port", Integer.toString(port2), "--target-lsn", lsnAfter);
        try (Copy c = new Copy(byLsn, port2)) {
            assertEquals(100, count(c, "B"), c::log);
        }
    }

    @Test
    void pausedAtTheTargetTheRecoverySettingsStayUntilTheCopyIsPromoted() throws Exception {
        Path dir = primary.dir().resolve("paused");
        int port = Copy.freePort();
        Cli.Result r = primary.pgkeeper("restore", "--backup", backupId, "--pgdata", dir.toString(), "--start", "--port", Integer.toString(port),
                "--target-time", between.toString(), "--target-action", "pause");
        try (Copy c = new Copy(dir, port)) {
            assertTrue(r.out().contains("recovery paused") && r.out().contains("pg_wal_replay_resume()"), r::toString);
            assertEquals("t", c.queryString("postgres", "SELECT pg_is_in_recovery()::text").substring(0, 1));
            assertEquals(100, count(c, "A"), c::log);
            assertTrue(Files.readString(dir.resolve("postgresql.auto.conf")).contains("restore_command"));
        }
    }

    @Test
    void aSideCopyPushesNothingIntoTheProductionArchive() throws Exception {
        Path dir = primary.dir().resolve("side");
        int port = Copy.freePort();
        Cli.Result r = primary.pgkeeper("restore", "--backup", backupId, "--pgdata", dir.toString(), "--start", "--port", Integer.toString(port));
        assertTrue(r.out().contains("archiving: off (archive_mode = off") && r.out().contains("pass --archive"), r::toString);
        try (Copy c = new Copy(dir, port)) {
            assertEquals("off", c.queryString("postgres", "SHOW archive_mode"));
            for (int i = 0; i < 3; i++) {
                c.execute("postgres", "INSERT INTO t SELECT 'side', g FROM generate_series(1, 10) g");
                c.queryString("postgres", "SELECT pg_walfile_name(pg_switch_wal())");
            }
            Thread.sleep(3000); // an archiver that was on would have pushed by now
            try (Stream<Path> s = Files.list(primary.walDir())) {
                List<String> foreign = s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("00000001")).toList();
                assertEquals(List.of(), foreign);
            }
        }
        assertEquals(0, primary.run("archive", "check").exitCode());
    }

    @Test
    void forceReplacesOnlyADataDirectory() throws Exception {
        Path notData = Files.createDirectories(primary.dir().resolve("precious"));
        Files.writeString(notData.resolve("thesis.txt"), "years of work");
        Cli.Result r = primary.run("restore", "--pgdata", notData.toString(), "--force");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("is not a PostgreSQL data directory (it has no PG_VERSION)"), r::toString);
        assertEquals("years of work", Files.readString(notData.resolve("thesis.txt")));

        Path data = primary.dir().resolve("replaceable");
        primary.pgkeeper("restore", "--backup", backupId, "--pgdata", data.toString(), "--target-immediate");
        Cli.Result without = primary.run("restore", "--backup", backupId, "--pgdata", data.toString(), "--target-immediate");
        assertEquals(2, without.exitCode(), without::toString);
        assertTrue(without.err().contains("--force"), without::toString);
        primary.pgkeeper("restore", "--backup", backupId, "--pgdata", data.toString(), "--target-immediate", "--force");
        assertTrue(Files.exists(data.resolve("PG_VERSION")));
    }

    @Test
    void aTimeWithoutAZoneIsRefusedWithTheAcceptedForms() {
        Path dir = primary.dir().resolve("zoneless");
        Cli.Result r = primary.run("restore", "--pgdata", dir.toString(), "--target-time", "2026-11-21 14:30:00");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("has no time zone"), r::toString);
        assertTrue(r.err().contains("2026-11-21T14:30:00Z") && r.err().contains("+01:00") && r.err().contains("Europe/Paris"), r::toString);
        assertFalse(Files.exists(dir));
        Cli.Result v = primary.run("verify", "--kind", "physical", "--target-time", "2026-11-21 14:30:00");
        assertEquals(2, v.exitCode(), v::toString);
    }
}
