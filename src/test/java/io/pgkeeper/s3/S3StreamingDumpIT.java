package io.pgkeeper.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.testing.ClusterExtension;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.Oracle;
import io.pgkeeper.testing.S3Server;
import io.pgkeeper.testing.Shapes;
import io.pgkeeper.testing.Tablespaces;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A custom-format dump streams from pg_dump's stdout into the bucket (docs/storage.md, "What
 * streams"): a database of about 300 MB (uncompressed) with large objects and a table in a user
 * tablespace is dumped to S3 while the state directory is walked every ~50 ms, and no file there
 * ever exceeds 1 MiB; the stored object is the manifest's, restore and verify from the bucket pass.
 * A pg_dump whose backend is terminated mid-stream exits 1 and leaves no backup and no object.
 */
@ExtendWith(ClusterExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3StreamingDumpIT {
    /** The largest file the state directory may hold during a dump: the staged schema file, never the data. */
    static final long BOUND = 1L << 20;

    @RegisterExtension
    static final S3Server S3 = new S3Server();

    static TestCluster source;
    static S3Repo repo;
    static Path policy;
    static String backupId;
    static StateSampler sampler;

    @BeforeAll
    static void dump(TestCluster started) {
        source = started;
        source.execute("postgres", "CREATE DATABASE big");
        Tablespaces.create(source, Launcher.serverWritableDir(), "fast");
        source.execute("big", "CREATE TABLE bulk AS SELECT g AS id, repeat(md5(g::text), 8) AS v FROM generate_series(1, 1000000) g",
                "CREATE TABLE placed (id int PRIMARY KEY, note text) TABLESPACE fast",
                "INSERT INTO placed SELECT g, 'placed ' || g FROM generate_series(1, 2000) g",
                "SELECT lo_from_bytea(880001, decode(repeat(md5('blob'), 400000), 'hex'))");
        Shapes.largeObjects(source, "big");
        repo = S3Repo.create(S3, "stream");
        policy = repo.policy("source", source.port(), "    logical:\n      compress: \"0\"\n      databases: {include: [big]}\n");
        sampler = new StateSampler(repo.state(), null);
        S3Repo.Run dump = repo.run(policy, sampler, "dump");
        assertEquals(0, dump.exitCode(), dump::toString);
        backupId = dump.out().trim();
    }

    @AfterAll
    static void cleanUp() {
        if (repo != null) {
            Launcher.deleteQuietly(repo.dir());
        }
    }

    @Test
    @Order(1)
    void noFileUnderTheStateDirectoryEverHeldTheDump() throws Exception {
        Path stored = repo.objects().resolve("main/logical/" + backupId + "/big.dump");
        long size = Files.size(stored);
        assertTrue(size > 250L << 20, "the dump is large enough for the bound to mean something: " + size);
        assertTrue(sampler.samples() >= 20, "the state directory was sampled during the dump: " + sampler.samples());
        System.out.printf("S3StreamingDumpIT: dump of %d MiB streamed; largest file under stateDir in %d samples: %d bytes (%s)%n",
                size >> 20, sampler.samples(), sampler.largest(), sampler.largestFile());
        assertTrue(sampler.largest() < BOUND, "a file under stateDir held " + sampler.largest() + " bytes: " + sampler.largestFile());
        JsonNode manifest = Json.mapper().readTree(Files.readAllBytes(repo.objects().resolve("main/logical/" + backupId + "/manifest.json")));
        JsonNode entry = null;
        for (JsonNode f : manifest.get("files")) {
            if (f.get("path").asText().equals("big.dump")) {
                entry = f;
            }
        }
        assertTrue(entry != null, manifest::toString);
        assertEquals(size, entry.get("sizeBytes").asLong());
        assertEquals(sha256(stored), entry.get("sha256").asText(), "the manifest's sha256 is the stored object's");
        assertTrue(Files.isRegularFile(repo.objects().resolve("main/logical/" + backupId + "/big.schema.sql")), "the schema file is staged and uploaded");
    }

    @Test
    @Order(2)
    void restoreAndVerifyFromTheBucketPass() throws Exception {
        try (TestCluster target = TestCluster.start()) {
            Tablespaces.create(target, Launcher.serverWritableDir(), "fast"); // the replacement host has the same layout
            Path p = repo.policy("target-" + target.port(), target.port(), "");
            S3Repo.Run r = repo.run(p, "--json", "restore", "--all", "--backup", backupId);
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals(Oracle.data(source, "big"), Oracle.data(target, "big"));
            assertEquals("fast", target.queryString("big", "SELECT t.spcname FROM pg_class c JOIN pg_tablespace t ON t.oid = c.reltablespace "
                    + "WHERE c.relname = 'placed'"));
            assertEquals(source.queryString("big", "SELECT md5(string_agg(md5(lo_get(oid)), ',' ORDER BY oid)) FROM pg_largeobject_metadata"),
                    target.queryString("big", "SELECT md5(string_agg(md5(lo_get(oid)), ',' ORDER BY oid)) FROM pg_largeobject_metadata"));
            Oracle.amcheck(target, "big");
        }
        S3Repo.Run v = repo.run(policy, "--json", "verify", "--backup", backupId);
        assertEquals(0, v.exitCode(), v::toString);
        assertTrue(Json.mapper().readTree(v.out()).get("ok").asBoolean(), v::toString);
    }

    @Test
    @Order(3)
    void aPgDumpKilledMidStreamLeavesNoBackupAndNoObject() throws Exception {
        boolean[] killed = {false};
        S3Repo.Run dump = repo.run(policy, () -> {
            if (!killed[0]) {
                // the data pg_dump (not its schema-only twin) is copying the big table: end its backend
                killed[0] = source.queryLong("postgres", "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        + "WHERE application_name = 'pgkeeper' AND query LIKE 'COPY public.bulk%'") > 0;
            }
        }, "dump");
        assertTrue(killed[0], "pg_dump's backend was terminated during the dump");
        assertEquals(1, dump.exitCode(), dump::toString);
        assertTrue(dump.err().contains("pg_dump"), dump::toString);
        Path logical = repo.objects().resolve("main/logical");
        try (Stream<Path> s = Files.list(logical)) {
            assertEquals(List.of(backupId), s.map(f -> f.getFileName().toString()).sorted().toList(),
                    "nothing of the failed attempt is in the bucket");
        }
        S3Repo.Run list = repo.run(policy, "--json", "list");
        assertEquals(0, list.exitCode(), list::toString);
        JsonNode backups = Json.mapper().readTree(list.out());
        assertEquals(1, backups.size(), list::toString);
        assertFalse(Files.exists(repo.state().resolve("staging/main/logical")) && Files.list(repo.state().resolve("staging/main/logical"))
                .findAny().isPresent(), "nothing stays staged");
    }

    @Test
    @Order(4)
    void pgkeeperKilledMidStreamLeavesAnAttemptTheNextPruneRemoves() throws Exception {
        Path graced = repo.policy("graced", source.port(), "    logical:\n      compress: \"0\"\n      databases: {include: [big]}\n"
                + "    retention:\n      unfinishedGrace: 1s\n");
        long[] copyingSince = {0};
        boolean[] killed = {false};
        S3Repo.Run dump = repo.run(graced, () -> {
            if (killed[0]) {
                return;
            }
            boolean copying = source.queryLong("postgres", "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pgkeeper' "
                    + "AND query LIKE 'COPY public.bulk%'") > 0;
            if (copying && copyingSince[0] == 0) {
                copyingSince[0] = System.nanoTime();
            } else if (copying && System.nanoTime() - copyingSince[0] > 3_000_000_000L) {
                // some parts of the dump are uploaded by now: kill the pgkeeper JVM, as the OOM killer would
                for (String found : S3Repo.cmdlinesHolding(graced.toString())) {
                    if (found.contains("io.pgkeeper.cli.Main")) {
                        ProcessHandle.of(Long.parseLong(found.substring(0, found.indexOf(':')))).ifPresent(ProcessHandle::destroyForcibly);
                        killed[0] = true;
                    }
                }
            }
        }, "dump");
        assertTrue(killed[0], "pgkeeper was killed during the dump");
        assertTrue(dump.exitCode() != 0, dump::toString);
        // pg_dump ends on its broken pipe: wait for its backend to go (no assertion on time)
        while (source.queryLong("postgres", "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pgkeeper' "
                + "AND pid <> pg_backend_pid()") > 0) {
            Thread.sleep(200);
        }
        S3Repo.Run list = repo.run(graced, "--json", "list");
        assertEquals(1, Json.mapper().readTree(list.out()).size(), "the killed attempt is never listed: " + list);
        Thread.sleep(1500); // past unfinishedGrace
        S3Repo.Run prune = repo.run(graced, "prune");
        assertEquals(0, prune.exitCode(), prune::toString);
        try (Stream<Path> s = Files.list(repo.objects().resolve("main/logical"))) {
            assertEquals(List.of(backupId), s.map(f -> f.getFileName().toString()).sorted().toList(), "prune removed the attempt: " + prune);
        }
        try (Stream<Path> s = Files.walk(S3.data())) {
            List<String> partial = s.map(Path::toString).filter(f -> f.contains("big.dump") && !f.contains(backupId)).toList();
            assertEquals(List.of(), partial, "no part of the killed upload stays in the store");
        }
    }

    static String sha256(Path f) throws Exception {
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(f)) {
            in.transferTo(new java.security.DigestOutputStream(java.io.OutputStream.nullOutputStream(), md));
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }
}
