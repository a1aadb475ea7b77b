package io.pgkeeper.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.postgres.LocalServer;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.process.ToolResult;
import io.pgkeeper.testing.ArchivingPrimary;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Copy;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.Processes;
import io.pgkeeper.testing.Shell;
import io.pgkeeper.testing.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What {@code pgkeeper restore} prepares for the copy's read-ahead get before its server starts
 * ({@link EarlyReadAhead}), end to end, as root with the server's user postgres: restored without
 * {@code --start} and started with pg_ctl, the copy's first calls (the next timeline's history
 * file, the backup's first segment) are answered by the launcher's shell, without a JVM (the
 * launcher writes how it answered each call to a trace, as scripts/pgkeeper does with
 * PGKEEPER_TRACE), and recovery to a time target lands exactly where the synchronous get lands;
 * {@code restore --start} does the same; a copy never started leaves no queue behind once the get
 * worker went idle. The restores run as a process of their own, as an operator's do: the worker
 * they start runs as postgres with their class path, which postgres must be able to read.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EarlyReadAheadIT {
    static ArchivingPrimary p;
    static TestCluster pg;
    static String backup;
    static String target;
    static String fingerprintAtTarget;
    static Path trace;

    @BeforeAll
    static void setUp() throws Exception {
        p = AsyncPrimary.start("");
        pg = p.server();
        AsyncPrimary.TimeTarget t = AsyncPrimary.timeTarget(p, 6, 2);
        backup = t.backup();
        target = t.time();
        fingerprintAtTarget = t.fingerprint();
        trace = p.dir().resolve("get.trace");
        Files.writeString(trace, "");
        Files.setPosixFilePermissions(trace, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
    }

    @AfterAll
    static void tearDown() {
        if (p != null) {
            p.close();
        }
    }

    /** The policy with read-ahead, its restore_command through {@link #tracedLauncher}. */
    private static void readAheadPolicy() throws IOException {
        Path policy = p.policy(pg.port(), AsyncPrimary.ASYNC + "      getQueueSize: 64MB\n");
        String text = Files.readString(policy);
        Files.writeString(policy, text.replace("launcher: " + Launcher.script() + "\n", "launcher: " + tracedLauncher() + "\n"));
    }

    /** The launcher's shell check (archive-spool.bash), a trace line per call ("PWD how args"), then the Java launcher. */
    private static Path tracedLauncher() throws IOException {
        Path spoolBash = AsyncPrimary.shellLauncher(p).resolveSibling("archive-spool.bash");
        Path script = p.dir().resolve("pgkeeper-traced");
        Files.writeString(script, "#!/bin/bash\nset -eu\n. " + spoolBash + "\nrc=0\npgkeeper_spool_answer \"$@\" || rc=$?\n"
                + "case $rc in 0) how=answered ;; 3) how=absent ;; *) how=java ;; esac\n"
                + "printf '%s %s %s\\n' \"$PWD\" \"$how\" \"$*\" >>" + trace + "\n"
                + "case $rc in 0) exit 0 ;; 3) exit 1 ;; esac\nexec " + Launcher.script() + " \"$@\"\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** {@code pgkeeper restore ...} as a process of its own (root), through the Java launcher. */
    private static Cli.Result restoreProcess(String... args) {
        List<String> argv = new ArrayList<>(List.of(Launcher.script().toString(), "--policy", p.policy().toString(), "restore"));
        argv.addAll(List.of(args));
        // an operator's environment, not the build's: the worker it starts inherits it
        Cli.Result r = Shell.run(p.dir(), Shell.env(Path.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin")), Map.of()), argv,
                Duration.ofMinutes(10));
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }

    /** The calls the copy in {@code pgdata} made, in order: "how name" (how: answered, absent, java). */
    private static List<String> calls(Path pgdata) throws IOException {
        String dir = pgdata.toRealPath().toString();
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(trace)) {
            String[] w = line.split(" ");
            // PWD how archive get --policy P --cluster C --spool S NAME DEST
            if (w.length >= 4 && w[0].equals(dir) && line.contains(" archive get ")) {
                out.add(w[1] + " " + w[w.length - 2]);
            }
        }
        return out;
    }

    /** backup_label's first segment; after recovery the label is backup_label.old. */
    private static String firstSegment(Path pgdata) throws IOException {
        Path label = Files.exists(pgdata.resolve("backup_label")) ? pgdata.resolve("backup_label") : pgdata.resolve("backup_label.old");
        Matcher m = Pattern.compile("\\(file ([0-9A-F]{24})\\)").matcher(Files.readString(label));
        assertTrue(m.find());
        return m.group(1);
    }

    private static Path queueDir(Path pgdata) throws IOException {
        return AsyncPrimary.spool(p).resolve("get").resolve(GetQueue.key(GetQueue.host(), pgdata.toRealPath()));
    }

    @Test
    @Order(1)
    void theCopysFirstCallsAreAnsweredByTheLauncherAndRecoveryLandsWhereSynchronousGetLands() throws Exception {
        p.policy(pg.port(), AsyncPrimary.ASYNC + "      getQueueSize: 0\n");
        Path syncDir = p.dir().resolve("restored-sync");
        int syncPort = Copy.freePort();
        Cli.Result sync = p.pgkeeper("restore", "--backup", backup, "--pgdata", syncDir.toString(), "--start", "--port",
                Integer.toString(syncPort), "--target-time", target);
        String syncFingerprint;
        String syncHistory;
        try (Copy c = new Copy(syncDir, syncPort)) {
            assertTrue(sync.out().contains("recovery promoted"), sync::toString);
            syncFingerprint = c.queryString("postgres", AsyncPrimary.FINGERPRINT);
            syncHistory = Files.readString(syncDir.resolve("pg_wal/00000002.history"));
        }
        assertEquals(fingerprintAtTarget, syncFingerprint);

        readAheadPolicy();
        Path dir = p.dir().resolve("restored-early");
        int port = Copy.freePort();
        restoreProcess("--backup", backup, "--pgdata", dir.toString(), "--port", Integer.toString(port), "--target-time", target);
        String first = firstSegment(dir);
        assertTrue(Files.list(queueDir(dir)).anyMatch(f -> f.getFileName().toString().startsWith(first + "-")),
                "the backup's first segment waits in the copy's queue");
        Path log = p.dir().resolve("restored-early.log");
        Files.writeString(log, "");
        LocalServer.chown(log, TestCluster.OS_USER);
        try (Copy c = new Copy(dir, port)) {
            ToolResult r = Processes.runner().run(ToolCall.of("pg_ctl", List.of(TestCluster.serverTools().bin("pg_ctl"), "-D", dir.toString(), "-l",
                    log.toString(), "-w", "start"), Map.of(), Duration.ofMinutes(2)).runningAs(Optional.of(TestCluster.OS_USER)).withWorkDir(dir));
            assertTrue(r.ok(), r::toString);
            awaitPromoted(c);
            List<String> calls = calls(dir);
            assertEquals("absent 00000002.history", calls.get(0), "the history probe, answered by the launcher: " + calls);
            assertEquals("answered " + first, calls.get(1), "the backup's first segment, served by the launcher: " + calls);
            assertEquals(syncFingerprint, c.queryString("postgres", AsyncPrimary.FINGERPRINT), "the same rows as the synchronous get");
            assertEquals(syncHistory, Files.readString(dir.resolve("pg_wal/00000002.history")), "the same switch point");

            // nobody watched this promotion (pg_ctl, not restore --start): the worker sees recovery.signal gone
            Path queue = queueDir(dir);
            long deadline = System.nanoTime() + GetWorker.IDLE.plusSeconds(60).toNanos();
            while (Files.exists(queue) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            String workerLog = Files.readString(AsyncPrimary.spool(p).resolve("get/worker.log"));
            assertFalse(Files.exists(queue), "the promoted copy's queue is gone: " + workerLog);
            assertTrue(workerLog.contains("the recovery of " + queue.getFileName() + " is over"), "gone because recovery is over, not idle: " + workerLog);
        }
    }

    @Test
    @Order(2)
    void restoreWithStartIsPreparedTheSameWay() throws Exception {
        readAheadPolicy();
        Path dir = p.dir().resolve("restored-early-start");
        int port = Copy.freePort();
        Cli.Result r = restoreProcess("--backup", backup, "--pgdata", dir.toString(), "--start", "--port", Integer.toString(port),
                "--target-time", target);
        try (Copy c = new Copy(dir, port)) {
            assertTrue(r.out().contains("recovery promoted"), r::toString);
            assertEquals(fingerprintAtTarget, c.queryString("postgres", AsyncPrimary.FINGERPRINT));
            List<String> calls = calls(dir);
            String first = firstSegment(dir);
            assertTrue(calls.contains("answered " + first), "the first segment served by the launcher: " + calls);
            assertFalse(Files.exists(queueDir(dir)), "the promoted copy's queue is gone (FinishedRecovery)");
        }
    }

    @Test
    @Order(3)
    void aCopyNeverStartedLeavesNoQueueOnceTheWorkerWentIdle() throws Exception {
        readAheadPolicy();
        Path dir = p.dir().resolve("restored-never-started");
        Cli.Result r = restoreProcess("--backup", backup, "--pgdata", dir.toString(), "--port", Integer.toString(Copy.freePort()));
        Path queue = queueDir(dir);
        assertTrue(Files.isDirectory(queue), r::toString);
        long deadline = System.nanoTime() + GetWorker.IDLE.plusSeconds(60).toNanos();
        while (Files.exists(queue) && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        String workerLog = Files.readString(AsyncPrimary.spool(p).resolve("get/worker.log"));
        assertFalse(Files.exists(queue), "the queue (decrypted WAL, with repository.encryption) is gone: " + workerLog + r);
        assertTrue(workerLog.contains("recovery took nothing from " + queue.getFileName()), workerLog);
    }

    private static void awaitPromoted(Copy c) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            try {
                if (c.queryString("postgres", "SELECT pg_is_in_recovery()::text").equals("false")) {
                    return;
                }
            } catch (IllegalStateException e) {
                // not accepting connections yet (recovery before a consistent state): ask again
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the copy did not promote; its log:\n" + c.log());
    }
}
