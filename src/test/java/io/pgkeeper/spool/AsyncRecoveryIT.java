package io.pgkeeper.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.testing.Amcheck;
import io.pgkeeper.testing.ArchivingPrimary;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Copy;
import io.pgkeeper.testing.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Recovery from an archive written asynchronously, with and without read-ahead get: a point-in-
 * time restore through ~20 segments (five times the 64 MB read-ahead queue, so that the queue is
 * refilled several times; each segment costs restore_command a JVM start) must land exactly where the synchronous get lands (the same
 * switch point in the new timeline's history file, the same rows); then a failover: the backup
 * restored with --archive becomes the primary on timeline 2 and archives through the same spool,
 * and a restore to the end follows timeline 2 through read-ahead get. Physical verify of the
 * backup works on the same archive.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AsyncRecoveryIT {
    static ArchivingPrimary p;
    static TestCluster pg;
    static String backup;
    static String target;
    static String fingerprintAtTarget;

    @BeforeAll
    static void setUp() throws Exception {
        p = AsyncPrimary.start("");
        pg = p.server();
        AsyncPrimary.TimeTarget t = AsyncPrimary.timeTarget(p, 20, 4);
        backup = t.backup();
        target = t.time();
        fingerprintAtTarget = t.fingerprint();
    }

    @AfterAll
    static void tearDown() {
        if (p != null) {
            p.close();
        }
    }


    private static Copy restore(String name, String... args) {
        Path dir = p.dir().resolve("restored-" + name);
        int port = Copy.freePort();
        String[] all = Stream.concat(Stream.of("restore", "--pgdata", dir.toString(), "--start", "--port", Integer.toString(port)), Stream.of(args))
                .toArray(String[]::new);
        Cli.Result r = p.pgkeeper(all);
        assertTrue(r.out().contains("recovery promoted"), r::toString);
        return new Copy(dir, port);
    }

    private static String history(Path pgdata, int timeline) throws IOException {
        return Files.readString(pgdata.resolve("pg_wal").resolve(String.format("%08X.history", timeline)));
    }

    @Test
    @Order(1)
    void readAheadGetLandsExactlyWhereSynchronousGetLands() throws Exception {
        Path queues = AsyncPrimary.spool(p).resolve("get");
        p.policy(pg.port(), AsyncPrimary.ASYNC + "      getQueueSize: 0\n");
        String syncHistory;
        try (Copy c = restore("sync", "--backup", backup, "--target-time", target)) {
            assertEquals(fingerprintAtTarget, c.queryString("postgres", AsyncPrimary.FINGERPRINT));
            syncHistory = history(c.pgdata(), 2);
        }
        assertFalse(Files.exists(queues.resolve("worker.log")), "no read-ahead with getQueueSize 0");

        p.policy(pg.port(), AsyncPrimary.ASYNC + "      getQueueSize: 64MB\n");
        try (Copy c = restore("read-ahead", "--backup", backup, "--target-time", target)) {
            assertEquals(fingerprintAtTarget, c.queryString("postgres", AsyncPrimary.FINGERPRINT));
            assertEquals(syncHistory, history(c.pgdata(), 2), "the same switch point as the synchronous get");
            Amcheck.check(c.port());
        }
        // the restore_command (with --spool) is gone from the promoted copy; the get worker's log shows it ran
        String log = Files.readString(queues.resolve("worker.log"));
        assertTrue(log.contains("reads ahead"), log);
        assertFalse(log.contains("cannot read ahead"), log);
    }

    @Test
    @Order(2)
    void physicalVerifyOfTheBackupPasses() {
        Cli.Result r = p.run("verify", "--backup", backup);
        assertEquals(0, r.exitCode(), r::toString);
    }

    @Test
    @Order(3)
    void afterAFailoverTheNewPrimaryArchivesThroughTheSpoolAndRecoveryFollowsTimelineTwo() throws Exception {
        pg.server().stop(); // the primary dies
        Path dir = p.dir().resolve("new-primary");
        int port = Copy.freePort();
        Cli.Result r = p.pgkeeper("restore", "--backup", backup, "--pgdata", dir.toString(), "--archive", "--start", "--port", Integer.toString(port));
        assertTrue(r.out().contains("now on timeline 2"), r::toString);
        // recovery to the end of the archive: the worker recorded its end, which the launcher answered "not archived" from
        String workerLog = Files.readString(AsyncPrimary.spool(p).resolve("get/worker.log"));
        assertTrue(workerLog.contains("is not archived (yet)"), workerLog);
        try (Copy primary2 = new Copy(dir, port)) {
            primary2.execute("postgres", "INSERT INTO t SELECT 'C', g FROM generate_series(1, 100) g");
            String last = primary2.switchWalAndWaitArchived();
            assertTrue(last.startsWith("00000002"), last);
            assertEquals(0, primary2.queryLong("postgres", "SELECT failed_count FROM pg_stat_archiver"), primary2::log);
            p.policy(port, AsyncPrimary.ASYNC);
            Cli.Result check = p.run("archive", "check");
            assertEquals(0, check.exitCode(), check::toString);
            assertTrue(check.out().contains("timeline 2:"), check::toString);
            String expected = primary2.queryString("postgres", AsyncPrimary.FINGERPRINT);
            try (Copy c = restore("tl2-end", "--backup", backup)) {
                assertEquals(expected, c.queryString("postgres", AsyncPrimary.FINGERPRINT));
                assertEquals(100, c.queryLong("postgres", "SELECT count(*) FROM t WHERE batch = 'C'"));
                Amcheck.check(c.port());
            }
        }
    }
}
