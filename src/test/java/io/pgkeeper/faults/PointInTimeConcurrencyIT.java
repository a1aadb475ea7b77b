package io.pgkeeper.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.pgkeeper.recovery.PidFile;
import io.pgkeeper.repository.ClusterLock;
import io.pgkeeper.repository.LockName;
import io.pgkeeper.testing.ArchivingPrimary;
import io.pgkeeper.testing.ChildJvm;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The point-in-time restore of one database with real processes: while its sandbox recovers
 * (held there by stopping the sandbox's startup process), the cluster lock is free, so a dump, a
 * base backup and archiving go on; the final restore holds the lock (a dump then exits 4). A
 * restore stopped with SIGTERM during the recovery stops its sandbox's server and removes the
 * sandbox.
 */
class PointInTimeConcurrencyIT {
    static ArchivingPrimary primary;
    static TestCluster pg;
    static Path sandboxes;
    static String target;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Launcher.serverWritableDir();
        sandboxes = dir.resolve("sandboxes");
        primary = ArchivingPrimary.start(Map.of(), "    verify:\n      sandbox:\n        baseDir: " + sandboxes + "\n");
        pg = primary.server();
        pg.execute("postgres", "CREATE DATABASE app");
        pg.execute("app", "CREATE TABLE t (id int PRIMARY KEY, pad text)");
        primary.basebackup();
        // a few segments of WAL to replay, so that the recovery lasts long enough to be caught
        pg.execute("app", "INSERT INTO t SELECT g, repeat('x', 200) FROM generate_series(1, 150000) g");
        Thread.sleep(1100);
        target = pg.queryString("postgres", "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
        Thread.sleep(1100);
        pg.execute("app", "INSERT INTO t VALUES (0, 'after the target')");
        pg.switchWalAndWaitArchived();
    }

    @AfterAll
    static void stop() {
        if (primary != null) {
            primary.close();
        }
    }

    private Process restore(String into, String name) throws IOException {
        return ChildJvm.start("022", Map.of(), List.of(), tmp.resolve(name + ".out"), tmp.resolve(name + ".err"), "--policy",
                primary.policy().toString(), "restore", "--database", "app", "--target-time", target, "--into", into);
    }

    /** The sandbox's startup process, caught while it replays; fails when the restore got past the recovery first. */
    private ProcessHandle awaitReplay(Process restore, Path err) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (!restore.isAlive()) {
                fail("the restore ended before its recovery could be caught: " + Faults.read(err));
            }
            for (Path data : sandboxData()) {
                Optional<ProcessHandle> startup = PidFile.read(data).flatMap(p -> ProcessHandle.of(p.pid()))
                        .flatMap(pm -> pm.children().filter(c -> cmdline(c).contains("startup")).findFirst());
                if (startup.isPresent()) {
                    return startup.get();
                }
            }
            Faults.sleep(5);
        }
        throw new AssertionError("no sandbox started replaying: " + Faults.read(err));
    }

    private static List<Path> sandboxData() throws IOException {
        if (!Files.isDirectory(sandboxes)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(sandboxes)) {
            return s.map(p -> p.resolve("data")).toList();
        }
    }

    private static String cmdline(ProcessHandle h) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(h.pid()), "cmdline"));
        } catch (IOException gone) {
            return "";
        }
    }

    private static boolean lockHeld() {
        return ClusterLock.isHeld(primary.repository().resolve("main/locks"), LockName.CLUSTER);
    }

    @Test
    void backupsAndArchivingGoOnWhileTheSandboxRecoversAndOnlyTheFinalRestoreHoldsTheLock() throws Exception {
        Process restore = restore("app_copy", "copy");
        Path err = tmp.resolve("copy.err");
        ProcessHandle startup = awaitReplay(restore, err);
        Faults.signal("STOP", startup.pid());
        try {
            assertFalse(lockHeld(), "the recovery must not hold the cluster lock");
            Cli.Result dump = primary.run("dump", "--database", "app");
            assertEquals(0, dump.exitCode(), dump::toString);
            Cli.Result basebackup = primary.run("basebackup");
            assertEquals(0, basebackup.exitCode(), basebackup::toString);
            pg.switchWalAndWaitArchived();
            assertTrue(restore.isAlive() && startup.isAlive(), "the sandbox was still recovering: " + Faults.read(err));
        } finally {
            Faults.signal("CONT", startup.pid());
        }
        ProcessHandle pgRestore = awaitRestoreInto(restore, err);
        Faults.signal("STOP", pgRestore.pid());
        try {
            assertTrue(lockHeld(), "the final restore holds the cluster lock");
            Cli.Result blocked = primary.run("dump", "--database", "app");
            assertEquals(4, blocked.exitCode(), blocked::toString);
        } finally {
            Faults.signal("CONT", pgRestore.pid());
        }
        assertTrue(restore.waitFor(3, TimeUnit.MINUTES));
        assertEquals(0, restore.exitValue(), () -> Faults.read(err));
        assertEquals(150000, pg.queryLong("app_copy", "SELECT count(*) FROM t"));
        assertEquals(List.of(), sandboxData());
    }

    /** The pg_restore that writes into the server, not the one that only reads the dump's table of contents. */
    private static ProcessHandle awaitRestoreInto(Process restore, Path err) {
        ProcessHandle[] found = new ProcessHandle[1];
        Faults.await(() -> {
            if (!restore.isAlive()) {
                fail("the restore ended before its pg_restore was caught: " + Faults.read(err));
            }
            found[0] = Faults.children(restore, "pg_restore").stream().filter(h -> cmdline(h).contains("--exit-on-error")).findFirst().orElse(null);
            return found[0] != null;
        }, "pg_restore never started: " + Faults.read(err));
        return found[0];
    }

    @Test
    void aRestoreStoppedDuringTheRecoveryTakesItsSandboxWithIt() throws Exception {
        Process restore = restore("app_stopped", "stopped");
        Path err = tmp.resolve("stopped.err");
        ProcessHandle startup = awaitReplay(restore, err);
        Faults.signal("STOP", startup.pid());
        long postmaster = startup.parent().orElseThrow().pid();
        restore.destroy(); // SIGTERM, as systemd or Ctrl-C would
        Faults.sleep(500);
        Faults.signal("CONT", startup.pid());
        assertTrue(restore.waitFor(2, TimeUnit.MINUTES));
        assertTrue(ProcessHandle.of(postmaster).map(h -> !h.isAlive()).orElse(true), "the sandbox's server was stopped");
        assertEquals(List.of(), sandboxData(), "the sandbox was removed");
        assertFalse(pg.databaseExists("app_stopped"));
        assertEquals(0, pg.queryLong("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE 'pgkeeper_restore%'"));
    }

    /** A SIGKILL runs no hook: the sandbox and its server stay, and the next point-in-time restore stops and removes them. */
    @Test
    void aSandboxLeftByAKilledRestoreIsRemovedByTheNextRestore() throws Exception {
        Process restore = restore("app_killed", "killed");
        Path err = tmp.resolve("killed.err");
        ProcessHandle startup = awaitReplay(restore, err);
        long postmaster = startup.parent().orElseThrow().pid();
        restore.destroyForcibly();
        assertTrue(restore.waitFor(1, TimeUnit.MINUTES));
        List<Path> left = sandboxData();
        assertEquals(1, left.size(), "a SIGKILL leaves the sandbox behind: " + left);
        assertTrue(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false), "and its server running");

        Cli.Result next = primary.run("restore", "--database", "app", "--target-time", target, "--into", "app_after_kill");
        assertEquals(0, next.exitCode(), next::toString);
        assertTrue(next.out().contains("warning: removed the sandbox " + left.get(0).getParent() + ", left running by an earlier restore that was"
                + " killed (pid " + restore.pid() + ")"), next::toString);
        assertTrue(ProcessHandle.of(postmaster).map(h -> !h.isAlive()).orElse(true), "the killed run's sandbox server was stopped");
        assertEquals(List.of(), sandboxData());
        assertFalse(pg.databaseExists("app_killed"));
        assertEquals(150000, pg.queryLong("app_after_kill", "SELECT count(*) FROM t"));
    }
}
