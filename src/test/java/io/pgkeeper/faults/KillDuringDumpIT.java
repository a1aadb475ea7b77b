package io.pgkeeper.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.repository.ClusterLock;
import io.pgkeeper.repository.LockName;
import io.pgkeeper.repository.Repositories;
import io.pgkeeper.testing.ChildJvm;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.testing.TestPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import io.pgkeeper.testing.ClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 1: {@code kill -9} of pgkeeper during {@code dump}, at several moments. Each kill
 * leaves at most an attempt without a manifest; it is never listed or restored, the earlier
 * backup still verifies, the next dump succeeds, and prune removes the leftovers after the grace
 * period (1s here). The last test runs after every kill.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ClusterExtension.class)
class KillDuringDumpIT {
    static TestCluster pg;
    static Path base;
    static Path repo;
    static Path logical;
    static Path policy;
    static String good;

    @BeforeAll
    static void start(TestCluster started) throws IOException {
        pg = started;
        pg.execute("postgres", "CREATE DATABASE app");
        pg.execute("app", "CREATE TABLE t(id int primary key, v text)", "INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 2000) g");
        base = Files.createTempDirectory("pgkeeper-kill-dump-");
        repo = base.resolve("repo");
        logical = repo.resolve("main/logical");
        policy = TestPolicy.write(base, pg, repo, "    retention:\n      unfinishedGrace: 1s\n");
        Cli.Result r = Cli.run("--policy", policy.toString(), "dump", "--database", "app");
        assertEquals(0, r.exitCode(), r::toString);
        good = r.out().trim();
    }

    @AfterAll
    static void stop() {
        io.pgkeeper.testing.Launcher.deleteQuietly(base);
    }

    @Test
    @Order(1)
    void killedWhileWaitingForTheLockBeforeAnyToolRan() throws Exception {
        List<String> before = Faults.dirs(logical);
        Path err = base.resolve("err-lock.txt");
        try (ClusterLock held = Repositories.at(repo).lock("main", LockName.CLUSTER, "test", Duration.ZERO)) {
            Process child = dump(err, "--lock-wait", "5m");
            Path lockFile = repo.resolve("main/locks");
            // the child has opened the lock file: it is queued behind us
            Faults.await(() -> holdsOpen(child, lockFile), "the child never opened the lock file: " + Faults.read(err));
            assertTrue(Faults.children(child, "pg_dump").isEmpty() && Faults.children(child, "pg_dumpall").isEmpty());
            Faults.kill9(child.toHandle());
        }
        assertEquals(before, Faults.dirs(logical), "nothing was written");
        assertEquals(List.of(good), Faults.listed(policy));
    }

    @Test
    @Order(2)
    void killedWithItsPgDumpChildrenWhilePgDumpRuns() throws Exception {
        List<String> before = Faults.dirs(logical);
        Path err = base.resolve("err-both.txt");
        try (Connection blocker = lockTable()) {
            Process child = dump(err);
            // two at once: the dump's pair, not the version probe that runs before the lock and the attempt
            List<ProcessHandle> dumps = Faults.awaitChildren(child, "pg_dump", 2, err);
            Faults.kill9(child.toHandle());
            dumps.forEach(Faults::kill9);
            blocker.rollback();
        }
        String attempt = newAttempt(before);
        assertNoManifestAndNeverUsed(attempt);
    }

    @Test
    @Order(3)
    void killedWhilePgDumpRunsItsOrphanFinishesButNothingIsListed() throws Exception {
        List<String> before = Faults.dirs(logical);
        Path err = base.resolve("err-orphan.txt");
        List<ProcessHandle> orphans;
        try (Connection blocker = lockTable()) {
            Process child = dump(err);
            orphans = Faults.awaitChildren(child, "pg_dump", 2, err);
            Faults.kill9(child.toHandle());
            assertTrue(orphans.stream().anyMatch(ProcessHandle::isAlive), "pg_dump is not killed with pgkeeper (no PDEATHSIG from Java)");
            blocker.rollback();
        }
        // the orphans get their lock: the schema dump writes its file, the data dump (streamed to
        // pgkeeper's stdout pipe, docs/storage.md) ends on the broken pipe; neither makes a backup
        Faults.await(() -> orphans.stream().allMatch(Faults::exited), "orphaned pg_dump never finished");
        String attempt = newAttempt(before);
        assertTrue(Files.size(logical.resolve(attempt).resolve("app.schema.sql")) > 0, "the orphaned schema dump wrote its file");
        assertFalse(Files.exists(logical.resolve(attempt).resolve("app.dump")), "a streamed dump is never under its name uncommitted");
        assertNoManifestAndNeverUsed(attempt);
    }

    @Test
    @Order(4)
    void killedAfterTheDataIsWrittenBeforeTheManifest() throws Exception {
        List<String> before = Faults.dirs(logical);
        Path err = base.resolve("err-stopped.txt");
        try (Connection blocker = lockTable()) {
            Process child = dump(err);
            List<ProcessHandle> dumps = Faults.awaitChildren(child, "pg_dump", 2, err);
            // Freeze pgkeeper, let its pg_dumps finish: the data is complete, the checksums and the
            // manifest are not written yet. Then kill it.
            Faults.signal("STOP", child.pid());
            blocker.rollback();
            Faults.await(() -> dumps.stream().allMatch(Faults::exited), "pg_dump never finished");
            Faults.kill9(child.toHandle());
        }
        String attempt = newAttempt(before);
        // the data went into the pipe (the dump is smaller than its buffer) but pgkeeper never committed it
        assertFalse(Files.exists(logical.resolve(attempt).resolve("app.dump")), "a streamed dump is never under its name uncommitted");
        assertTrue(Files.size(logical.resolve(attempt).resolve("app.schema.sql")) > 0, "the schema dump was written");
        assertNoManifestAndNeverUsed(attempt);
    }

    @Test
    @Order(99)
    void afterEveryKillTheOldBackupVerifiesTheNextDumpSucceedsAndPruneRemovesTheLeftovers() throws Exception {
        List<String> attempts = Faults.dirs(logical).stream().filter(d -> !d.equals(good)).toList();
        assertEquals(3, attempts.size(), attempts::toString);

        Cli.Result verify = Cli.run("--policy", policy.toString(), "verify", "--backup", good);
        assertEquals(0, verify.exitCode(), verify::toString);

        Cli.Result next = Cli.run("--policy", policy.toString(), "dump", "--database", "app");
        assertEquals(0, next.exitCode(), "a killed run leaves no stale lock: " + next);
        String nextId = next.out().trim();

        Faults.sleep(1100); // retention.unfinishedGrace: 1s
        Cli.Result prune = Cli.run("--policy", policy.toString(), "--json", "prune");
        assertEquals(0, prune.exitCode(), prune::toString);
        for (String a : attempts) {
            assertTrue(prune.out().contains("\"" + a + "\""), () -> a + " not in " + prune);
        }
        assertEquals(List.of(good, nextId), Faults.dirs(logical), "only the completed backups are left");
        assertEquals(List.of(good, nextId), Faults.listed(policy));
        Cli.Result restore = Cli.run("--policy", policy.toString(), "restore", "--backup", nextId, "--database", "app", "--into", "after_kills");
        assertEquals(0, restore.exitCode(), restore::toString);
        assertEquals(2000, pg.queryLong("after_kills", "SELECT count(*) FROM t"));
    }

    // ---- helpers

    private static Process dump(Path err, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--policy", policy.toString(), "dump", "--database", "app"));
        args.addAll(List.of(extra));
        return ChildJvm.start("022", Map.of(), List.of(), base.resolve("out-" + err.getFileName()), err, args.toArray(String[]::new));
    }

    /** pg_dump waits for this lock, so the run is surely mid-dump while it is held. */
    private static Connection lockTable() throws Exception {
        Connection c = pg.connect("app");
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("LOCK TABLE t IN ACCESS EXCLUSIVE MODE");
        }
        return c;
    }

    private static boolean holdsOpen(Process p, Path dir) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(p.pid()), "fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).startsWith(dir);
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    private static String newAttempt(List<String> before) {
        List<String> now = new ArrayList<>(Faults.dirs(logical));
        now.removeAll(before);
        assertEquals(1, now.size(), () -> "one new attempt directory: " + now);
        return now.get(0);
    }

    private static void assertNoManifestAndNeverUsed(String attempt) {
        assertFalse(Files.exists(logical.resolve(attempt).resolve("manifest.json")), attempt);
        assertFalse(Faults.listed(policy).contains(attempt), "an attempt is never listed");
        Cli.Result restore = Cli.run("--policy", policy.toString(), "restore", "--backup", attempt, "--database", "app", "--into", "never");
        assertEquals(2, restore.exitCode(), restore::toString);
        assertTrue(restore.err().contains("is unfinished (no manifest)"), restore::toString);
        assertFalse(pg.databaseExists("never"));
        Cli.Result latest = Cli.run("--policy", policy.toString(), "--json", "list");
        assertFalse(latest.out().contains(attempt), latest::toString);
    }
}
