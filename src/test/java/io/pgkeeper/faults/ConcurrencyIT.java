package io.pgkeeper.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.archive.WalNames;
import io.pgkeeper.error.LockHeldException;
import io.pgkeeper.repository.ClusterLock;
import io.pgkeeper.repository.LockName;
import io.pgkeeper.repository.Repositories;
import io.pgkeeper.testing.ChildJvm;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.testing.TestPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.pgkeeper.testing.ClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import io.pgkeeper.testing.ServerSettings;

/**
 * Scenario 6 with real processes: a second dump exits 4 naming the first's pid, or queues with
 * --lock-wait and then succeeds; archive push is never blocked by a running dump, basebackup or
 * prune (each verified to hold the cluster lock at the moment of the push).
 */
@ExtendWith(ClusterExtension.class)
class ConcurrencyIT {
    static TestCluster pg;
    static byte[] realSegment;
    static final AtomicInteger SEGMENTS = new AtomicInteger(0x2000);

    @TempDir
    Path tmp;

    @BeforeAll
    static void start(@ServerSettings({"max_wal_senders=5"}) TestCluster started) throws IOException {
        pg = started;
        pg.execute("postgres", "CREATE DATABASE app");
        pg.execute("app", "CREATE TABLE t(id int)", "INSERT INTO t SELECT generate_series(1, 1000)");
        pg.execute("postgres", "CHECKPOINT");
        String name = pg.queryString("postgres", "SELECT pg_walfile_name(pg_current_wal_lsn())");
        realSegment = Arrays.copyOf(Files.readAllBytes(pg.server().dataDir().resolve("pg_wal").resolve(name)), 64 * 1024);
    }

    @Test
    void aSecondDumpExits4NamingTheFirstsPidOrWaitsWithLockWait() throws Exception {
        Path repo = tmp.resolve("repo");
        Path policy = TestPolicy.write(tmp, pg, repo);
        try (Connection blocker = lockTable()) {
            Process first = ChildJvm.start("022", Map.of(), List.of(), tmp.resolve("first.out"), tmp.resolve("first.err"),
                    "--policy", policy.toString(), "dump", "--database", "app");
            Faults.awaitChildren(first, "pg_dump", tmp.resolve("first.err"));

            Cli.Result second = ChildJvm.run("022", Map.of(), "--policy", policy.toString(), "dump", "--database", "app");
            assertEquals(4, second.exitCode(), second::toString);
            assertTrue(second.err().contains("pid=" + first.pid() + " "), second::toString);
            assertTrue(second.err().contains("--lock-wait"), second::toString);

            Process queued = ChildJvm.start("022", Map.of(), List.of(), tmp.resolve("queued.out"), tmp.resolve("queued.err"),
                    "--policy", policy.toString(), "dump", "--database", "app", "--lock-wait", "5m");
            Faults.sleep(1500); // let it reach the lock and queue
            assertTrue(queued.isAlive(), () -> "the queued dump should wait: " + Faults.read(tmp.resolve("queued.err")));
            blocker.rollback();
            assertTrue(first.waitFor(2, TimeUnit.MINUTES));
            assertEquals(0, first.exitValue(), () -> Faults.read(tmp.resolve("first.err")));
            assertTrue(queued.waitFor(2, TimeUnit.MINUTES));
            assertEquals(0, queued.exitValue(), () -> Faults.read(tmp.resolve("queued.err")));
        }
        assertEquals(2, Faults.listed(policy).size());
    }

    @Test
    void archivePushIsNotBlockedByARunningDump() throws Exception {
        Path repo = Launcher.serverWritableDir().resolve("repo");
        Path policy = TestPolicy.write(repo.getParent(), pg, repo);
        try (Connection blocker = lockTable()) {
            Process dump = ChildJvm.start("022", Map.of(), List.of(), tmp.resolve("d.out"), tmp.resolve("d.err"),
                    "--policy", policy.toString(), "dump", "--database", "app");
            Faults.awaitChildren(dump, "pg_dump", tmp.resolve("d.err"));
            // the first pg_dump child may be the version probe that runs before the lock is taken
            Faults.await(() -> !dump.isAlive() || lockHeld(repo), "dump never took the lock: " + Faults.read(tmp.resolve("d.err")));
            assertPushWhileLockHeld(repo, policy);
            blocker.rollback();
            assertTrue(dump.waitFor(2, TimeUnit.MINUTES));
            assertEquals(0, dump.exitValue());
        }
        Launcher.deleteQuietly(repo.getParent());
    }

    @Test
    void archivePushIsNotBlockedByARunningBaseBackup() throws Exception {
        Path repo = Launcher.serverWritableDir().resolve("repo");
        Path policy = TestPolicy.write(repo.getParent(), pg, repo, "    physical:\n      maxRate: 32k\n");
        Process bb = ChildJvm.start("022", Map.of(), List.of(), tmp.resolve("b.out"), tmp.resolve("b.err"), "--policy", policy.toString(), "basebackup");
        try {
            Faults.awaitChildren(bb, "pg_basebackup", tmp.resolve("b.err"));
            // the first pg_basebackup child may be the version probe that runs before the lock is taken
            Faults.await(() -> !bb.isAlive() || lockHeld(repo), "basebackup never took the lock: " + Faults.read(tmp.resolve("b.err")));
            assertPushWhileLockHeld(repo, policy);
        } finally {
            bb.destroy(); // SIGTERM: the run stops its pg_basebackup and removes the attempt
            bb.waitFor(1, TimeUnit.MINUTES);
        }
        Launcher.deleteQuietly(repo.getParent());
    }

    @Test
    void archivePushIsNotBlockedByARunningPrune() throws Exception {
        // thousands of stale attempts keep prune busy (and holding the cluster lock) for a while; a
        // machine fast enough to finish them before prune can be stopped gets a busier repository
        for (int attempts : new int[] {3000, 12000}) {
            Path repo = Launcher.serverWritableDir().resolve("repo");
            Path policy = TestPolicy.write(repo.getParent(), pg, repo, "    retention:\n      unfinishedGrace: 1s\n");
            staleAttempts(repo, attempts);
            Process prune = ChildJvm.start("022", Map.of(), List.of(), tmp.resolve("p.out"), tmp.resolve("p.err"), "--policy", policy.toString(), "prune");
            Faults.await(() -> !prune.isAlive() || lockHeld(repo), "prune never took the lock: " + Faults.read(tmp.resolve("p.err")));
            // hold prune inside its locked section while we push
            boolean raced = Faults.trySignal("STOP", prune.pid()) && lockHeld(repo);
            try {
                if (raced) {
                    push(repo, policy);
                }
            } finally {
                Faults.trySignal("CONT", prune.pid());
            }
            assertTrue(prune.waitFor(2, TimeUnit.MINUTES));
            assertEquals(0, prune.exitValue(), () -> Faults.read(tmp.resolve("p.err")));
            Launcher.deleteQuietly(repo.getParent());
            if (raced) {
                return;
            }
        }
        fail("prune finished before the push could race it, even with 12000 stale attempts");
    }

    private static void staleAttempts(Path repo, int n) throws IOException {
        Path logical = Files.createDirectories(repo.resolve("main/logical"));
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(3)));
        Instant t = Instant.parse("2020-01-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            Path d = Files.createDirectory(logical.resolve(io.pgkeeper.repository.BackupId.of(t.plusSeconds(i))));
            Files.setLastModifiedTime(Files.writeString(d.resolve("app.dump"), "x"), old);
            Files.setLastModifiedTime(d, old);
        }
    }

    // ---- helpers

    private void assertPushWhileLockHeld(Path repo, Path policy) throws IOException {
        assertTrue(lockHeld(repo), "the backup holds the cluster lock");
        push(repo, policy);
        assertTrue(lockHeld(repo), "and still holds it after the push");
    }

    private void push(Path repo, Path policy) throws IOException {
        String name = WalNames.segmentName(1, SEGMENTS.getAndIncrement(), 16L * 1024 * 1024);
        Path src = Files.write(Files.createDirectories(tmp.resolve("src-" + System.nanoTime())).resolve(name), realSegment);
        Cli.Result r = Cli.run("archive", "push", "--policy", policy.toString(), "--cluster", "main", src.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(Repositories.archive(repo.resolve("main")).find(name).isPresent());
    }

    private static boolean lockHeld(Path repo) {
        if (!Files.isDirectory(repo.resolve("main/locks"))) {
            return false;
        }
        try (ClusterLock probe = Repositories.at(repo).lock("main", LockName.CLUSTER, "probe", Duration.ZERO)) {
            return false;
        } catch (LockHeldException held) {
            return true;
        }
    }

    private static Connection lockTable() throws Exception {
        Connection c = pg.connect("app");
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("LOCK TABLE t IN ACCESS EXCLUSIVE MODE");
        }
        return c;
    }
}
