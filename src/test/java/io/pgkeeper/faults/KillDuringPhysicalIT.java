package io.pgkeeper.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.postgres.LocalServer;
import io.pgkeeper.testing.ChildJvm;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.testing.TestPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.pgkeeper.testing.ClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import io.pgkeeper.testing.ServerSettings;

/**
 * Scenario 2: {@code kill -9} during {@code basebackup} and during a physical {@code restore}.
 * A killed base backup is never listed or restored and prune removes it; a killed restore leaves
 * a directory PostgreSQL refuses to start (no pg_control) and that pgkeeper reports as an
 * incomplete restore.
 */
@ExtendWith(ClusterExtension.class)
class KillDuringPhysicalIT {
    static TestCluster pg;
    static Path base;
    static Path repo;
    static Path physical;
    static Path policy;
    static String good;

    @BeforeAll
    static void start(@ServerSettings({"max_wal_senders=5"}) TestCluster started) throws IOException {
        pg = started;
        pg.execute("postgres", "CREATE TABLE t(id int)", "INSERT INTO t SELECT generate_series(1, 1000)");
        base = Launcher.serverWritableDir();
        repo = base.resolve("repo");
        physical = repo.resolve("main/physical");
        policy = TestPolicy.write(base, pg, repo, "    retention:\n      unfinishedGrace: 1s\n");
        Cli.Result bb = Cli.run("--policy", policy.toString(), "basebackup");
        assertEquals(0, bb.exitCode(), bb::toString);
        good = bb.out().trim();
    }

    @AfterAll
    static void stop() {
        Launcher.deleteQuietly(base);
    }

    @Test
    void killedBaseBackupIsNeverListedTheNextOneSucceedsAndPruneRemovesIt() throws Exception {
        // 32 kB/s: pg_basebackup is surely still copying when it is killed
        Path slowDir = Files.createDirectories(base.resolve("slow"));
        Path slow = TestPolicy.write(slowDir, pg, repo, "    physical:\n      maxRate: 32k\n");
        List<String> before = Faults.dirs(physical);
        Path err = base.resolve("bb-err.txt");
        Process child = ChildJvm.start("022", Map.of(), List.of(), base.resolve("bb-out.txt"), err, "--policy", slow.toString(), "basebackup");
        Faults.awaitChildren(child, "pg_basebackup", err);
        Faults.await(() -> newDirs(before).size() == 1 && Files.exists(physical.resolve(newDirs(before).get(0)).resolve("base.tar")),
                "pg_basebackup never wrote base.tar: " + Faults.read(err));
        // all of them, taken now: pg_basebackup forks a second process that streams the WAL
        List<ProcessHandle> tools = child.descendants().toList();
        Faults.kill9(child.toHandle());
        tools.forEach(Faults::kill9);

        String attempt = newDirs(before).get(0);
        assertFalse(Files.exists(physical.resolve(attempt).resolve("manifest.json")));
        assertEquals(List.of(good), physicalListed());
        Path target = base.resolve("never");
        Cli.Result restore = Cli.run("--policy", policy.toString(), "restore", "--backup", attempt, "--pgdata", target.toString());
        assertEquals(2, restore.exitCode(), restore::toString);
        assertTrue(restore.err().contains("is unfinished (no manifest)"), restore::toString);
        assertFalse(Files.exists(target));

        Cli.Result next = Cli.run("--policy", policy.toString(), "basebackup");
        assertEquals(0, next.exitCode(), next::toString);
        String nextId = next.out().trim();
        Faults.sleep(1100); // unfinishedGrace: 1s
        Cli.Result prune = Cli.run("--policy", policy.toString(), "prune");
        assertEquals(0, prune.exitCode(), prune::toString);
        assertFalse(Faults.dirs(physical).contains(attempt), prune::toString);
        assertTrue(Faults.dirs(physical).containsAll(List.of(good, nextId)));
    }

    @Test
    void killedRestoreLeavesADirectoryPostgresRefusesAndPgkeeperCallsIncomplete() throws Exception {
        Path target = base.resolve("restored");
        Path err = base.resolve("restore-err.txt");
        Process child = ChildJvm.start("022", Map.of(), List.of(), base.resolve("restore-out.txt"), err,
                "--policy", policy.toString(), "restore", "--backup", good, "--pgdata", target.toString(), "--target-immediate");
        // freeze pgkeeper as soon as tar has begun to extract base.tar, kill tar, then pgkeeper
        Faults.await(() -> !child.isAlive() || countFiles(target) > 1, "the restore never started extracting: " + Faults.read(err));
        assertTrue(child.isAlive(), () -> "the restore finished before it could be killed: " + Faults.read(err));
        Faults.signal("STOP", child.pid());
        child.descendants().forEach(Faults::kill9);
        Faults.kill9(child.toHandle());

        assertTrue(Files.exists(target.resolve("pgkeeper-restore-incomplete")), "the marker says a restore was under way");
        assertFalse(Files.exists(target.resolve("global/pg_control")), "pg_control is extracted last");
        assertPostgresRefuses(target);

        Cli.Result again = Cli.run("--policy", policy.toString(), "restore", "--backup", good, "--pgdata", target.toString());
        assertEquals(2, again.exitCode(), again::toString);
        assertTrue(again.err().contains("holds an incomplete restore (it was interrupted)"), again::toString);
        assertTrue(again.err().contains("--force"), again::toString);

        Cli.Result forced = Cli.run("--policy", policy.toString(), "restore", "--backup", good, "--pgdata", target.toString(),
                "--target-immediate", "--force");
        assertEquals(0, forced.exitCode(), forced::toString);
        assertTrue(Files.exists(target.resolve("global/pg_control")));
        assertFalse(Files.exists(target.resolve("pgkeeper-restore-incomplete")));
    }

    private static void assertPostgresRefuses(Path pgdata) throws Exception {
        LocalServer.chown(pgdata, TestCluster.OS_USER); // refused for what is missing, not for ownership
        String pgCtl = TestCluster.serverTools().bin("pg_ctl");
        Path log = base.resolve("refused.log");
        Files.deleteIfExists(log);
        Files.writeString(log, "");
        LocalServer.chown(log, TestCluster.OS_USER);
        Process p = new ProcessBuilder("/usr/sbin/runuser", "-u", TestCluster.OS_USER, "--", pgCtl, "-D", pgdata.toString(), "-l", log.toString(),
                "-o", "-p " + LocalServer.freePort() + " -c listen_addresses=''", "-w", "-t", "30", "start")
                .redirectErrorStream(true).redirectOutput(base.resolve("pg_ctl.out").toFile()).start();
        int rc = p.waitFor();
        assertNotEquals(0, rc, () -> "PostgreSQL started a half-restored directory: " + Faults.read(log));
        // depending on how far tar got: no postgresql.conf yet, or no global/pg_control
        assertTrue(Faults.read(log).contains("No such file or directory"), () -> Faults.read(log) + Faults.read(base.resolve("pg_ctl.out")));
    }

    private static long countFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static List<String> newDirs(List<String> before) {
        List<String> now = new ArrayList<>(Faults.dirs(physical));
        now.removeAll(before);
        return now;
    }

    private static List<String> physicalListed() {
        Cli.Result r = Cli.run("--policy", policy.toString(), "--json", "list", "--kind", "physical");
        assertEquals(0, r.exitCode(), r::toString);
        List<String> ids = new ArrayList<>();
        Faults.json(r).forEach(e -> ids.add(e.get("id").asText()));
        return ids;
    }
}
