package io.pgkeeper.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.objectstore.ObjectStore;
import io.pgkeeper.objectstore.S3ObjectStore;
import io.pgkeeper.postgres.LocalServer;
import io.pgkeeper.testing.Amcheck;
import io.pgkeeper.testing.Copy;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.Processes;
import io.pgkeeper.testing.S3Server;
import io.pgkeeper.testing.Tablespaces;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Physical backups and the WAL archive on an S3 repository: a primary whose archive_command
 * pushes to the bucket, a base backup, a point-in-time restore whose restore_command fetches WAL
 * from the bucket, physical verify, archive check, status and check, prune (including a crash
 * between deleting a manifest and its objects), and the store failing under archive push, archive
 * get and a dump, each with its exit code. pgkeeper runs as a child process with misleading
 * AWS and CA-bundle variables; PostgreSQL runs it as the server's OS user with a credentials file.
 * The cluster has a user tablespace (a table and its index, written before and after the base
 * backup): the point-in-time restore maps it elsewhere with --tablespace-map on the same host.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3PhysicalIT {
    @RegisterExtension
    static final S3Server S3 = new S3Server();

    static S3Repo repo;
    static Path policy;
    static TestCluster primary;
    static String backupId;
    static String timeBetween;
    static String lastArchived;
    static Path tablespace;

    @BeforeAll
    static void setUp() throws Exception {
        repo = S3Repo.create(S3, "phys").withCredentialsFile();
        Path p = repo.dir().resolve("primary.yaml");
        String push = Launcher.script() + " archive push --quiet --policy " + p + " --cluster main %p";
        primary = TestCluster.start(Map.of("wal_level", "replica", "archive_mode", "on", "archive_command", "'" + push + "'",
                "max_wal_senders", "5"));
        policy = repo.policy("primary", primary.port(), "    archive:\n      launcher: " + Launcher.script() + "\n"
                + "    retention:\n      unfinishedGrace: 1s\n");
        assertEquals(p, policy);
        tablespace = Tablespaces.create(primary, repo.dir(), "fast");
        primary.execute("postgres", "CREATE TABLE batches(batch text, n int)",
                "CREATE TABLE orders(id int, note text) TABLESPACE fast", "CREATE INDEX orders_id ON orders(id) TABLESPACE fast",
                "INSERT INTO orders SELECT g, 'order ' || g FROM generate_series(1, 5000) g");
        S3Repo.Run bb = repo.run(policy, "basebackup");
        assertEquals(0, bb.exitCode(), bb::toString);
        backupId = bb.out().trim();
        S3Pitr.Point point = S3Pitr.between(primary, "postgres", List.of("INSERT INTO batches SELECT 'A', g FROM generate_series(1, 100) g",
                "INSERT INTO orders SELECT g, 'late ' || g FROM generate_series(5001, 5100) g"), List.of(
                "INSERT INTO batches SELECT 'B', g FROM generate_series(1, 50) g",
                "INSERT INTO orders SELECT g, 'after ' || g FROM generate_series(5101, 5150) g",
                // hint bits and the visibility map set now, so that nothing but a write changes the tablespace's files later
                "VACUUM ANALYZE orders", "CHECKPOINT"));
        timeBetween = point.time();
        lastArchived = point.lastArchived();
    }

    @AfterAll
    static void tearDown() {
        S3Pitr.close(primary, repo);
    }

    @Test
    @Order(1)
    void walAndTheBaseBackupAreObjectsOfTheBucket() throws IOException {
        Path wal = repo.objects().resolve("main/wal");
        try (var s = Files.list(wal)) {
            assertTrue(s.anyMatch(f -> f.getFileName().toString().startsWith(lastArchived + "-")), "archived WAL is in the bucket");
        }
        assertTrue(Files.isRegularFile(repo.objects().resolve("main/physical/" + backupId + "/manifest.json")));
        assertTrue(Files.isRegularFile(repo.objects().resolve("main/archive-identity.json")));
        assertFalse(Files.exists(repo.state().resolve("main/wal")), "no WAL is kept in the state directory");
    }

    @Test
    @Order(2)
    void pointInTimeRestoreFetchesWalFromTheBucketAndMapsTheTablespace() throws Exception {
        Map<String, String> sourceBefore = Tablespaces.checksums(tablespace);
        assertFalse(sourceBefore.isEmpty());
        Path target = repo.dir().resolve("restored-time");
        Path mapped = repo.dir().resolve("restored-ts/fast");
        int port = Copy.freePort();
        S3Repo.Run r = repo.run(policy, "restore", "--pgdata", target.toString(), "--start", "--port", Integer.toString(port),
                "--no-archive", "--target-time", timeBetween, "--tablespace-map", tablespace + "=" + mapped);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("recovery promoted"), r::toString);
        try {
            Amcheck.check(port);
            assertEquals(100, count(target, port, "SELECT count(*) FROM batches WHERE batch = 'A'"));
            assertEquals(0, count(target, port, "SELECT count(*) FROM batches WHERE batch = 'B'"));
            // the rows written after the backup and before the target were replayed into the mapped tablespace, none after
            assertEquals(5100, count(target, port, "SELECT count(*) FROM orders"));
            assertEquals(100, count(target, port, "SELECT count(*) FROM orders WHERE note LIKE 'late %'"));
            assertEquals(5100, count(target, port, "SELECT count(DISTINCT id) FROM orders WHERE id BETWEEN 1 AND 5100"));
            String oid = Long.toString(count(target, port, "SELECT oid FROM pg_tablespace WHERE spcname = 'fast'"));
            assertEquals(mapped, Files.readSymbolicLink(target.resolve("pg_tblspc").resolve(oid)));
            assertEquals(1, count(target, port, "SELECT count(*) FROM pg_tablespace WHERE spcname = 'fast' AND pg_tablespace_location(oid) = '"
                    + mapped + "'"));
            assertEquals(2, count(target, port, "SELECT count(*) FROM pg_class c JOIN pg_tablespace t ON t.oid = c.reltablespace"
                    + " WHERE t.spcname = 'fast' AND c.relname IN ('orders', 'orders_id')"));
            try (var files = Files.walk(mapped)) {
                assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("PG_")), "the mapped directory holds the tablespace");
            }
        } finally {
            S3Pitr.stop(target);
        }
        assertEquals(sourceBefore, Tablespaces.checksums(tablespace), "the source's tablespace directory is untouched");
        assertEquals(5150, primary.queryLong("postgres", "SELECT count(*) FROM orders"));
    }

    @Test
    @Order(3)
    void physicalVerifyArchiveCheckStatusAndCheckWorkOnTheBucket() throws Exception {
        S3Repo.Run v = repo.run(policy, "verify", "--kind", "physical", "--backup", backupId, "--target-time", timeBetween);
        assertEquals(0, v.exitCode(), v::toString);
        S3Repo.Run ac = repo.run(policy, "archive", "check");
        assertEquals(0, ac.exitCode(), ac::toString);
        S3Repo.Run list = repo.run(policy, "list", "--kind", "physical", "--json");
        assertTrue(list.out().contains(backupId), list::toString);
        S3Repo.Run status = repo.run(policy, "--json", "status");
        assertTrue(status.out().contains(backupId), status::toString);
        S3Repo.Run check = repo.run(policy, "--json", "check");
        JsonNode findings = Json.mapper().readTree(check.out()).get("findings");
        boolean probed = false;
        for (JsonNode f : findings) {
            if (f.get("name").asText().equals("repository")) {
                assertEquals("ok", f.get("level").asText(), check::toString);
                assertTrue(f.get("message").asText().contains("s3://" + S3Server.BUCKET + "/phys"), check::toString);
                probed = true;
            }
        }
        assertTrue(probed, check::toString);
    }

    @Test
    @Order(4)
    void archiveGetAndPushExitAsPostgresNeedsWhenTheStoreFails() throws Exception {
        Path dest = repo.dir().resolve("fetched");
        S3Repo.Run absent = repo.run(policy, "archive", "get", "0000000100000000000000FF", dest.toString());
        assertEquals(1, absent.exitCode(), absent::toString);
        Path stored;
        try (var s = Files.list(repo.objects().resolve("main/wal"))) {
            stored = s.filter(f -> f.getFileName().toString().startsWith(lastArchived + "-")).findFirst().orElseThrow();
        }
        Path copy = repo.dir().resolve("pg_wal_copy");
        Files.createDirectories(copy);
        Files.copy(stored, copy.resolve(lastArchived));
        // the same policy with a shorter retry bound: a dead store is retried for retryFor before the exit code, the codes are the same
        Path fault = Launcher.readable(Files.writeString(repo.dir().resolve("fault.yaml"),
                Files.readString(policy).replace("    retryFor: 6s\n", "    retryFor: 1s\n")));
        assertTrue(Files.readString(fault).contains("    retryFor: 1s\n"));
        S3.kill();
        try {
            S3Repo.Run get = repo.run(fault, "archive", "get", lastArchived, dest.toString());
            assertTrue(get.exitCode() > 125, get::toString);
            assertFalse(Files.exists(dest), "nothing is written when the store cannot be read");
            S3Repo.Run push = repo.run(fault, "archive", "push", copy.resolve(lastArchived).toString());
            assertTrue(push.exitCode() >= 1 && push.exitCode() <= 125, push::toString);
        } finally {
            S3.restart();
        }
        S3Repo.Run get = repo.run(policy, "archive", "get", lastArchived, dest.toString());
        assertEquals(0, get.exitCode(), get::toString);
    }

    @Test
    @Order(5)
    void aDumpWhoseUploadStallsExitsOneLeavesNoManifestAndTheNextPruneRemovesIt() throws Exception {
        primary.execute("postgres", "CREATE TABLE bulk AS SELECT g AS id, repeat(md5(g::text), 30) AS v FROM generate_series(1, 100000) g");
        Path staging = repo.state().resolve("staging/main/logical");
        boolean[] paused = {false};
        S3Repo.Run dump = repo.run(policy, () -> {
            if (!paused[0] && Files.isDirectory(staging)) {
                S3.pause(); // the store stops answering while the dump is being written and uploaded
                paused[0] = true;
            }
        }, "dump");
        S3.resume();
        assertTrue(paused[0], "the store was stopped during the dump");
        assertEquals(1, dump.exitCode(), dump::toString);
        Path logical = repo.objects().resolve("main/logical");
        List<Path> manifests = Files.isDirectory(logical) ? Files.walk(logical).filter(f -> f.endsWith("manifest.json")).toList() : List.of();
        assertEquals(List.of(), manifests, "no manifest: the failed dump is no backup");
        Thread.sleep(1500); // past unfinishedGrace
        S3Repo.Run prune = repo.run(policy, "prune");
        assertEquals(0, prune.exitCode(), prune::toString);
        assertTrue(!Files.isDirectory(logical) || Files.list(logical).findAny().isEmpty(), "the attempt's objects are removed");
    }

    @Test
    @Order(6)
    void aPruneCrashedBetweenTheManifestAndTheObjectsIsFinishedByTheNextOne() throws Exception {
        S3Repo.Run second = repo.run(policy, "basebackup");
        assertEquals(0, second.exitCode(), second::toString);
        String doomed = second.out().trim();
        String key = "main/physical/" + doomed;
        // what StoredRemoval does before it dies: the mark, then the manifest; the objects stay
        try (ObjectStore store = S3ObjectStore.connect(S3.settings("phys"), S3.environment(), Clock.systemUTC())) {
            store.put(key + "/.deleting", new byte[0], true);
            assertTrue(store.delete(key + "/manifest.json"));
            assertFalse(store.walk(key + "/").isEmpty());
        }
        S3Repo.Run list = repo.run(policy, "list", "--kind", "physical");
        assertFalse(list.out().contains(doomed), "a backup without its manifest is never listed: " + list);
        S3Repo.Run prune = repo.run(policy, "--json", "prune");
        assertEquals(0, prune.exitCode(), prune::toString);
        assertTrue(prune.out().contains("leftover of an interrupted prune"), prune::toString);
        assertFalse(Files.exists(repo.objects().resolve(key)), "every object of the half-deleted backup is gone");
        assertTrue(Files.isRegularFile(repo.objects().resolve("main/physical/" + backupId + "/manifest.json")), "the other backup stays");
    }

    private static long count(Path pgdata, int port, String sql) throws Exception {
        try (var c = LocalServer.adopt(null, null, pgdata, pgdata, port, Processes.asServer(), Duration.ofMinutes(1)).access().connect("postgres");
                var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

}
