package io.pgkeeper.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.postgres.LocalServer;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.TestCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.pgkeeper.testing.Processes;

/**
 * Point-in-time recovery end to end: a primary archiving through pgkeeper, one base backup,
 * batches A and B on either side of each target, and a restore that must show A without B.
 */
class PitrIT {
    static TestCluster primary;
    static Path dir;
    static Path policy;
    static String backupId;
    static String timeBetween;
    static String lsnAfterA;

    @BeforeAll
    static void setUp() throws Exception {
        dir = Launcher.serverWritableDir();
        policy = dir.resolve("pgkeeper.yaml");
        String push = Launcher.script() + " archive push --quiet --policy " + policy + " --cluster main %p";
        primary = TestCluster.start(Map.of("wal_level", "replica", "archive_mode", "on", "archive_command", "'" + push + "'",
                "max_wal_senders", "5"));
        Files.writeString(policy, "version: 1\nrepository:\n  path: " + dir.resolve("repo") + "\nclusters:\n  main:\n"
                + "    connection: {host: 127.0.0.1, port: " + primary.port() + ", user: postgres}\n"
                + "    archive:\n      launcher: " + Launcher.script() + "\n");
        Launcher.readable(policy);
        primary.execute("postgres", "CREATE TABLE batches(batch text, n int)");
        Cli.Result bb = Cli.run("--policy", policy.toString(), "basebackup");
        assertEquals(0, bb.exitCode(), bb::toString);
        backupId = bb.out().trim();

        primary.execute("postgres", "INSERT INTO batches SELECT 'A', g FROM generate_series(1, 100) g");
        lsnAfterA = primary.queryString("postgres", "SELECT pg_current_wal_insert_lsn()::text");
        Thread.sleep(1100);
        timeBetween = primary.queryString("postgres", "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
        primary.execute("postgres", "SELECT pg_create_restore_point('before_b')");
        Thread.sleep(1100);
        primary.execute("postgres", "INSERT INTO batches SELECT 'B', g FROM generate_series(1, 50) g");
        String last = primary.queryString("postgres", "SELECT pg_walfile_name(pg_switch_wal())");
        for (int i = 0; i < 2; i++) {
            // later segments, so that a missing one is a gap in the middle of the archive
            primary.execute("postgres", "CREATE TABLE filler" + i + " AS SELECT 1 AS x");
            last = primary.queryString("postgres", "SELECT pg_walfile_name(pg_switch_wal())");
        }
        primary.waitArchived(last);
    }

    @AfterAll
    static void tearDown() {
        if (primary != null) {
            primary.close();
        }
        Launcher.deleteQuietly(dir);
    }

    @Test
    void targetTimeRestoresBatchAWithoutBatchB() throws Exception {
        Restored r = restore("time", "--target-time", timeBetween);
        assertTrue(r.result.out().contains("newest base backup that finished before"), r.result::toString);
        assertEquals(100, r.count("A"));
        assertEquals(0, r.count("B"));
        r.stop();
    }

    @Test
    void targetLsnNameAndImmediate() throws Exception {
        Restored byLsn = restore("lsn", "--backup", backupId, "--target-lsn", lsnAfterA);
        assertEquals(100, byLsn.count("A"), byLsn::log);
        assertEquals(0, byLsn.count("B"));
        byLsn.stop();

        Restored byName = restore("name", "--backup", backupId, "--target-name", "before_b");
        assertEquals(100, byName.count("A"));
        assertEquals(0, byName.count("B"));
        byName.stop();

        Restored immediate = restore("immediate", "--backup", backupId, "--target-immediate");
        assertEquals(0, immediate.count("A"));
        immediate.stop();
    }

    @Test
    void withoutTargetEverythingArchivedIsReplayed() throws Exception {
        Restored all = restore("all", "--backup", "latest");
        assertEquals(100, all.count("A"));
        assertEquals(50, all.count("B"));
        all.stop();
    }

    @Test
    void refusesARunningClustersDataDirectoryAndChangesNothing() throws Exception {
        Path data = primary.server().dataDir();
        long before = Files.getLastModifiedTime(data.resolve("postmaster.pid")).toMillis();
        Cli.Result r = Cli.run("--policy", policy.toString(), "restore", "--pgdata", data.toString(), "--force");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("postmaster.pid"), r::toString);
        assertEquals(before, Files.getLastModifiedTime(data.resolve("postmaster.pid")).toMillis());
        assertEquals(100, primary.queryLong("postgres", "SELECT count(*) FROM batches WHERE batch = 'A'"));
    }

    @Test
    void refusesANonEmptyDirectoryWithoutForce() throws Exception {
        Path target = Files.createDirectory(dir.resolve("nonempty"));
        Files.writeString(target.resolve("keep.txt"), "precious");
        Cli.Result r = Cli.run("--policy", policy.toString(), "restore", "--pgdata", target.toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("not empty"), r::toString);
        assertEquals("precious", Files.readString(target.resolve("keep.txt")));
    }

    @Test
    void restoredDirectoryIsPrivateAndOwnedByTheServerUser() throws Exception {
        Path target = dir.resolve("owned");
        Cli.Result r = Cli.run("--policy", policy.toString(), "restore", "--backup", backupId, "--pgdata", target.toString(), "--target-immediate");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        if (io.pgkeeper.testing.Processes.OS.root()) {
            assertEquals(TestCluster.OS_USER, Files.getOwner(target).getName());
            assertEquals(TestCluster.OS_USER, Files.getOwner(target.resolve("global/pg_control")).getName());
        }
        assertTrue(Files.exists(target.resolve("recovery.signal")));
        String auto = Files.readString(target.resolve("postgresql.auto.conf"));
        assertTrue(auto.contains("restore_command = '" + Launcher.script() + " archive get --policy " + policy.toAbsolutePath()), auto);
        assertTrue(auto.contains("recovery_target = 'immediate'"), auto);
        assertTrue(r.out().contains("start it with:"), r::toString);
        assertFalse(Files.exists(target.resolve("pgkeeper-restore-incomplete")));
    }

    @Test
    void physicalVerifyPassesToConsistencyAndToATargetTime() {
        Cli.Result plain = Cli.run("--policy", policy.toString(), "verify", "--kind", "physical", "--backup", backupId);
        assertEquals(0, plain.exitCode(), plain::toString);
        assertTrue(plain.out().contains("pg_verifybackup"), plain::toString);
        Cli.Result toTime = Cli.run("--policy", policy.toString(), "verify", "--kind", "physical", "--backup", backupId,
                "--target-time", timeBetween, "--json");
        assertEquals(0, toTime.exitCode(), toTime::toString);
        assertTrue(toTime.out().contains("\"ok\" : true"), toTime::toString);
    }

    @Test
    void physicalVerifyFailsWhenAnArchivedSegmentItNeedsIsMissing() throws Exception {
        Path walDir = dir.resolve("repo/main/wal");
        Path victim;
        try (var files = Files.list(walDir)) {
            victim = files.filter(p -> p.getFileName().toString().startsWith("000000010000000000000003-")).findFirst()
                    .orElseThrow(() -> new AssertionError("segment 3 is not archived"));
        }
        Path aside = dir.resolve(victim.getFileName() + ".aside");
        Files.move(victim, aside);
        try {
            Cli.Result r = Cli.run("--policy", policy.toString(), "verify", "--kind", "physical", "--backup", backupId);
            assertEquals(3, r.exitCode(), r::toString);
            assertTrue(r.out().contains("000000010000000000000003"), r::toString);
        } finally {
            Files.move(aside, victim);
        }
    }

    @Test
    void basebackupManifestRecordsTheWalRange() {
        Cli.Result list = Cli.run("--policy", policy.toString(), "list", "--kind", "physical", "--json");
        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.out().contains("\"startWalSegment\" : \"000000010000000000000002\""), list::toString);
        assertTrue(list.out().contains("\"engine\" : \"pg_basebackup\""), list::toString);
    }

    private Restored restore(String name, String... args) throws Exception {
        Path target = dir.resolve("restored-" + name);
        int port = freePort();
        String[] base = {"--policy", policy.toString(), "restore", "--pgdata", target.toString(), "--start", "--port", Integer.toString(port), "--no-archive"};
        String[] all = new String[base.length + args.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(args, 0, all, base.length, args.length);
        Cli.Result r = Cli.run(all);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("recovery promoted"), r::toString);
        io.pgkeeper.testing.Amcheck.check(port);
        return new Restored(target, port, r);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private record Restored(Path pgdata, int port, Cli.Result result) {
        long count(String batch) throws SQLException {
            try (Connection c = LocalServer.adopt(null, null, pgdata, pgdata, port, Processes.asServer(), Duration.ofMinutes(1)).access().connect("postgres");
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM batches WHERE batch = '" + batch + "'")) {
                rs.next();
                return rs.getLong(1);
            } catch (io.pgkeeper.error.PgKeeperException e) {
                if (e.getMessage().contains("does not exist")) {
                    return 0;
                }
                throw e;
            } catch (SQLException e) {
                if ("42P01".equals(e.getSQLState())) {
                    return 0;
                }
                throw e;
            }
        }

        String log() {
            try {
                return result + "\nserver log:\n" + Files.readString(pgdata.resolveSibling(pgdata.getFileName() + ".log"));
            } catch (IOException e) {
                return result + "\n(no server log: " + e + ")";
            }
        }

        void stop() {
            LocalServer s = LocalServer.adopt(io.pgkeeper.testing.Processes.runner(), TestCluster.serverTools(), pgdata, pgdata, port,
                    io.pgkeeper.testing.Processes.asServer(), Duration.ofMinutes(1));
            io.pgkeeper.testing.Processes.runner().run(io.pgkeeper.process.ToolCall.of("pg_ctl",
                    java.util.List.of(s.tools().bin("pg_ctl"), "--pgdata=" + pgdata, "--mode=immediate", "--wait", "stop"), Map.of(),
                    Duration.ofMinutes(1)).runningAs(Optional.of(TestCluster.OS_USER)));
        }
    }
}
