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
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Logical backups on an S3 repository, end to end with pgkeeper as a child process whose
 * environment carries misleading AWS and CA-bundle variables: a production-shaped cluster (ICU
 * and LATIN1 databases, database settings, ACLs and comments, roles with scram passwords,
 * partitions and inheritance, large objects, an unlogged table) is dumped to S3, listed, restored
 * from S3 into a new server and verified, and no credential shows in argv, output, or the bucket.
 */
@ExtendWith(ClusterExtension.class)
class S3LogicalIT {
    @RegisterExtension
    static final S3Server S3 = new S3Server();

    static TestCluster source;
    static S3Repo repo;
    static Path policy;
    static String backupId;
    static final List<String> leaked = new ArrayList<>();
    static S3Repo.Run dump;

    @BeforeAll
    static void dump(TestCluster started) {
        source = started;
        Shapes.roles(source);
        Shapes.icuDatabase(source, "shop");
        Shapes.databaseProperties(source, "shop");
        Shapes.inheritanceAndPartitions(source, "shop");
        Shapes.largeObjects(source, "shop");
        Shapes.latin1Database(source, "legacy");
        source.execute("shop", "CREATE UNLOGGED TABLE scratch (id int PRIMARY KEY, v text)",
                "INSERT INTO scratch SELECT g, md5(g::text) FROM generate_series(1, 5000) g",
                "CREATE TABLE bulk AS SELECT g AS id, repeat(md5(g::text), 20) AS v FROM generate_series(1, 20000) g");
        repo = S3Repo.create(S3, "prod/db1");
        policy = repo.policy("source", source.port(), "    logical:\n      fingerprint: exact\n");
        dump = repo.run(policy, () -> leaked.addAll(S3Repo.cmdlinesHolding(S3.secretKey())), "dump");
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
    void theDumpIsInTheBucketCommittedByItsManifestAndNothingStaysStaged() throws Exception {
        Path backup = repo.objects().resolve("main/logical/" + backupId);
        assertTrue(Files.isRegularFile(backup.resolve("manifest.json")), "the manifest is an object of the bucket: " + backup);
        assertTrue(Files.isRegularFile(backup.resolve("shop.dump")) && Files.isRegularFile(backup.resolve("legacy.dump")));
        JsonNode manifest = Json.mapper().readTree(Files.readAllBytes(backup.resolve("manifest.json")));
        for (JsonNode f : manifest.get("files")) {
            Path stored = backup.resolve(f.get("path").asText());
            assertEquals(f.get("sizeBytes").asLong(), Files.size(stored), stored::toString);
            assertEquals(f.get("sha256").asText(), sha256(stored), stored::toString);
        }
        assertTrue(Files.notExists(repo.state().resolve("staging/main/logical/" + backupId)), "the staged copy was removed");
        assertFalse(Files.exists(repo.state().resolve("main/logical")), "no backup lives in the state directory");
    }

    @Test
    void listShowsTheBackupFromTheBucket() throws Exception {
        S3Repo.Run list = repo.run(policy, "--json", "list");
        assertEquals(0, list.exitCode(), list::toString);
        JsonNode json = Json.mapper().readTree(list.out());
        assertTrue(list.out().contains(backupId), list::toString);
        assertTrue(json.toString().contains("\"logical\""), list::toString);
    }

    @Test
    void restoreFromTheBucketBringsTheClusterBackIntoANewServer() throws Exception {
        try (TestCluster target = TestCluster.start()) {
            Path p = repo.policy("target-" + target.port(), target.port(), "");
            S3Repo.Run r = repo.run(p, "--json", "restore", "--all", "--globals", "--backup", backupId);
            assertEquals(0, r.exitCode(), r::toString);
            for (String db : List.of("shop", "legacy", "postgres")) {
                assertEquals(Oracle.databaseProperties(source, db), Oracle.databaseProperties(target, db), db);
                assertEquals(Oracle.data(source, db), Oracle.data(target, db), db);
            }
            // the independent oracle: PostgreSQL's own pg_restore of the object the bucket holds gives the same database
            try (TestCluster reference = TestCluster.start()) {
                reference.execute("postgres", "CREATE ROLE shape_owner", "CREATE ROLE shape_app", "CREATE ROLE shape_outsider");
                var tools = TestCluster.serverTools();
                io.pgkeeper.testing.Processes.runner().run(io.pgkeeper.process.ToolCall.of("pg_restore", List.of(tools.bin("pg_restore"),
                        "--create", "--exit-on-error", "-d", "template1", repo.objects().resolve("main/logical/" + backupId + "/shop.dump")
                        .toString()), java.util.Map.of("PGHOST", reference.host(), "PGPORT", Integer.toString(reference.port()), "PGUSER",
                        "postgres"), java.time.Duration.ofMinutes(2))).orThrow("pg_restore", null);
                assertEquals(Oracle.pgDump(reference, "shop"), Oracle.pgDump(target, "shop"));
            }
            for (String db : List.of("shop", "legacy", "postgres")) {
                Oracle.amcheck(target, db);
            }
            assertEquals(Shapes.ICU_ORDER, target.queryString("shop", "SELECT string_agg(w, ',' ORDER BY w) FROM words"));
            assertEquals(5000, target.queryLong("shop", "SELECT count(*) FROM scratch"), "an unlogged table's rows are dumped and restored");
            assertLocalCopiesGone();
        }
    }

    @Test
    void verifyRestoresTheBackupFromTheBucketAndPasses() throws Exception {
        S3Repo.Run v = repo.run(policy, "--json", "verify", "--backup", backupId);
        assertEquals(0, v.exitCode(), v::toString);
        assertTrue(Json.mapper().readTree(v.out()).get("ok").asBoolean(), v::toString);
        assertLocalCopiesGone();
    }

    @Test
    void noCredentialInArgvOutputOrTheBucket() {
        assertEquals(List.of(), leaked, "no process showed the secret in its command line during the dump");
        for (String secret : List.of(S3.secretKey(), S3.accessKey())) {
            assertFalse(dump.out().contains(secret) || dump.err().contains(secret), "the dump's output holds a credential");
            assertEquals(List.of(), S3Repo.holding(S3.data(), secret), "bucket files holding a credential");
            assertEquals(List.of(), S3Repo.holding(repo.state(), secret), "state files holding a credential");
        }
    }

    private static void assertLocalCopiesGone() throws Exception {
        Path local = repo.state().resolve("local");
        if (Files.isDirectory(local)) {
            try (var s = Files.list(local)) {
                assertEquals(List.of(), s.toList(), "the copies downloaded for the run are removed");
            }
        }
    }

    private static String sha256(Path f) throws Exception {
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(f)) {
            in.transferTo(new java.security.DigestOutputStream(java.io.OutputStream.nullOutputStream(), md));
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }
}
