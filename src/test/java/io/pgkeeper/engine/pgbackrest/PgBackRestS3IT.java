package io.pgkeeper.engine.pgbackrest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.testing.Amcheck;
import io.pgkeeper.testing.ChildJvm;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Copy;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.S3Server;
import io.pgkeeper.testing.Tablespaces;
import io.pgkeeper.testing.TestCa;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.util.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
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
 * The pgbackrest engine on an S3 repository (S3Proxy over TLS with SigV4): the policy's
 * repository.s3 becomes pgBackRest's repo1-*, the credentials reach pgbackrest only through its
 * environment, from a credentials file (what the server's archive_command can use) or from
 * variables. The cluster has a user tablespace, an unlogged table, a large object and a table
 * larger than one upload part; the test CA is passed explicitly while the environment's CA
 * variables point at another CA.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PgBackRestS3IT {
    @RegisterExtension
    static final S3Server S3 = new S3Server();

    static TestCluster primary;
    static Path dir;
    static Path policy;
    static Path envPolicy;
    static Path ts;
    static String full;
    static String incr;
    static String timeBetween;
    static Map<String, String> misleading;
    static final List<String> OUTPUTS = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        dir = Launcher.serverWritableDir();
        policy = dir.resolve("pgkeeper.yaml");
        envPolicy = dir.resolve("pgkeeper-env.yaml");
        Path ca = Launcher.readable(Files.copy(S3.caFile(), dir.resolve("s3-ca.pem")));
        Path credentials = dir.resolve("s3.credentials");
        Files.writeString(credentials, "[default]\naws_access_key_id = " + S3.accessKey() + "\naws_secret_access_key = " + S3.secretKey() + "\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
        Launcher.giveToServer(credentials);
        Path state = Files.createDirectory(dir.resolve("state"));
        Path sandboxes = Files.createDirectory(dir.resolve("sandboxes"));
        Launcher.giveToServer(state);
        Path wrongCa = Launcher.readable(TestCa.create("not the store's CA").writePem(dir.resolve("wrong-ca.pem")));
        misleading = Map.of("AWS_CA_BUNDLE", wrongCa.toString(), "SSL_CERT_FILE", wrongCa.toString(), "SSL_CERT_DIR",
                Files.createDirectory(dir.resolve("no-certs")).toString());
        String push = Launcher.script() + " archive push --quiet --policy " + policy + " --cluster main --engine pgbackrest %p";
        primary = TestCluster.start(Map.of("wal_level", "replica", "archive_mode", "on", "archive_command", "'" + push + "'",
                "max_wal_senders", "5"));
        String top = "version: 1\nrepository:\n  type: s3\n  stateDir: " + state + "\n  s3:\n"
                + "    endpoint: https://localhost:" + S3.endpoint().getPort() + "\n    bucket: " + S3Server.BUCKET + "\n"
                + "    region: " + S3Server.REGION + "\n    prefix: prod\n    uriStyle: path\n    caFile: " + ca + "\n";
        String clusters = "clusters:\n  main:\n    connection: {host: 127.0.0.1, port: " + primary.port() + ", user: postgres}\n"
                + "    pgdata: " + primary.server().dataDir() + "\n    osUser: " + TestCluster.OS_USER + "\n"
                + "    archive:\n      launcher: " + Launcher.script() + "\n"
                + "    retention:\n      physical: {keepFull: 2}\n"
                + "    verify:\n      sandbox:\n        baseDir: " + sandboxes + "\n"
                + "    physical:\n      engine: pgbackrest\n      pgbackrest:\n        stanza: main\n        options:\n"
                + "          compress-type: none\n          start-fast: true\n          archive-timeout: 120\n"
                + "          pg1-socket-path: " + primary.server().socketDir() + "\n";
        Files.writeString(policy, top + "    credentialsFile: " + credentials + "\n" + clusters);
        Files.writeString(envPolicy, top + "    accessKeyEnv: " + S3Server.KEY_ENV + "\n    secretKeyEnv: " + S3Server.SECRET_ENV + "\n" + clusters);
        Launcher.readable(policy);
        Launcher.readable(envPolicy);

        ts = Tablespaces.create(primary, dir, "fast");
        primary.execute("postgres", "CREATE TABLE batches(batch text, n int) TABLESPACE fast",
                "INSERT INTO batches SELECT 'base', g FROM generate_series(1, 10) g",
                "CREATE UNLOGGED TABLE scratch AS SELECT g FROM generate_series(1, 1000) g",
                "SELECT lo_from_bytea(4242, convert_to('a large object kept in the bucket', 'UTF8'))",
                "CREATE TABLE big AS SELECT g, md5(g::text) AS h FROM generate_series(1, 200000) g", "ANALYZE");
        full = backup(policy, "full", Map.of());
        primary.execute("postgres", "INSERT INTO batches SELECT 'i', g FROM generate_series(1, 10) g");
        incr = backup(policy, "incr", Map.of());
        primary.execute("postgres", "INSERT INTO batches SELECT 'A', g FROM generate_series(1, 100) g");
        Thread.sleep(1100);
        timeBetween = primary.queryString("postgres", "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
        Thread.sleep(1100);
        primary.execute("postgres", "INSERT INTO batches SELECT 'B', g FROM generate_series(1, 50) g");
        primary.waitArchived(primary.queryString("postgres", "SELECT pg_walfile_name(pg_switch_wal())"));
    }

    /** pgkeeper in a child JVM whose CA variables name another CA: only repository.s3.caFile may count. */
    static Cli.Result child(Path p, Map<String, String> env, String... args) {
        Map<String, String> all = new HashMap<>(misleading);
        all.putAll(env);
        String[] argv = new String[args.length + 2];
        argv[0] = "--policy";
        argv[1] = p.toString();
        System.arraycopy(args, 0, argv, 2, args.length);
        Cli.Result r = ChildJvm.run("0022", all, argv);
        OUTPUTS.add(r.out() + r.err());
        return r;
    }

    static Cli.Result run(String... args) {
        String[] argv = new String[args.length + 2];
        argv[0] = "--policy";
        argv[1] = policy.toString();
        System.arraycopy(args, 0, argv, 2, args.length);
        Cli.Result r = Cli.run(argv);
        OUTPUTS.add(r.out() + r.err());
        return r;
    }

    static String backup(Path p, String type, Map<String, String> env) {
        Cli.Result r = child(p, env, "basebackup", "--type", type);
        assertEquals(0, r.exitCode(), () -> r + "\nserver log:\n" + String.join("\n", primary.server().logTail(30)));
        return r.out().trim();
    }

    @AfterAll
    static void tearDown() {
        if (primary != null) {
            primary.close();
        }
        Launcher.deleteQuietly(dir);
    }

    static Path repo() {
        return S3.bucketDir().resolve("prod/main/pgbackrest");
    }

    @Test
    @Order(1)
    void theRepositoryIsInTheBucketUnderPrefixAndClusterAndItsStateIsLocal() throws Exception {
        assertTrue(Files.isRegularFile(repo().resolve("backup/main/backup.info")));
        assertTrue(Files.isRegularFile(repo().resolve("archive/main/archive.info")));
        assertTrue(Files.isRegularFile(repo().resolve("backup/main/" + incr + "/backup.manifest")));
        Path conf = dir.resolve("state/main/pgbackrest/pgbackrest.conf");
        String text = Files.readString(conf);
        assertTrue(text.contains("repo1-type=s3\nrepo1-path=/prod/main/pgbackrest\n"), text);
        assertTrue(text.contains("lock-path=" + dir.resolve("state/main/pgbackrest/lock")), text);
        assertFalse(text.contains(S3.accessKey()) || text.contains(S3.secretKey()), text);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(conf)));
        try (var logs = Files.list(dir.resolve("state/main/pgbackrest/log"))) {
            assertTrue(logs.anyMatch(f -> f.getFileName().toString().equals("main-backup.log")));
        }

        JsonNode list = Json.mapper().readTree(run("list", "--json").out());
        List<String> ids = new ArrayList<>();
        list.forEach(e -> ids.add(e.path("id").asText()));
        assertEquals(List.of(full, incr), ids, list::toString);
        assertEquals(full, list.get(1).path("physical").path("prior").asText());
    }

    @Test
    @Order(2)
    void checkRunsPgbackrestCheckThroughTheServersArchiveCommand() throws Exception {
        Cli.Result r = child(policy, Map.of(), "--json", "check");
        JsonNode archiving = null;
        for (JsonNode f : Json.mapper().readTree(r.out()).get("findings")) {
            archiving = f.get("name").asText().equals("archiving") ? f : archiving;
        }
        assertTrue(archiving != null, r::toString);
        assertEquals("ok", archiving.get("level").asText(), archiving::toString);
        assertTrue(archiving.get("message").asText().startsWith("pgbackrest check of stanza main passed"), archiving::toString);
    }

    @Test
    @Order(2)
    void archiveCheckNamesWhatChecksPgBackRestsArchiveAndStatusRuns() {
        Cli.Result r = run("archive", "check");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("archives through engine pgbackrest") && r.err().contains("pgkeeper check"), r::toString);
        Cli.Result status = run("status");
        assertEquals(0, status.exitCode(), status::toString);
    }

    @Test
    @Order(3)
    void pitrWithATablespaceMapFetchesWalFromTheBucketThroughPgkeeper() throws Exception {
        Path target = dir.resolve("pitr");
        Path mapped = dir.resolve("pitr-ts");
        int port = Copy.freePort();
        Cli.Result r = run("restore", "--json", "--pgdata", target.toString(), "--target-time", timeBetween, "--tablespace-map",
                ts + "=" + mapped, "--start", "--port", Integer.toString(port));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(incr, Json.mapper().readTree(r.out()).path("backupId").asText());
        assertTrue(r.out().contains("restore_command = '" + Launcher.script() + " archive get --policy " + policy), r::toString);
        try (Copy c = new Copy(target, port)) {
            assertEquals(100, c.queryLong("postgres", "SELECT count(*) FROM batches WHERE batch = 'A'"), c::log);
            assertEquals(0, c.queryLong("postgres", "SELECT count(*) FROM batches WHERE batch = 'B'"));
            assertEquals(10, c.queryLong("postgres", "SELECT count(*) FROM batches WHERE batch = 'i'"));
            assertEquals(0, c.queryLong("postgres", "SELECT count(*) FROM scratch"));
            assertEquals(200000, c.queryLong("postgres", "SELECT count(*) FROM big"));
            assertEquals("a large object kept in the bucket", c.queryString("postgres", "SELECT convert_from(lo_get(4242), 'UTF8')"));
            assertEquals(mapped.toString(), c.queryString("postgres", "SELECT pg_tablespace_location(oid) FROM pg_tablespace WHERE spcname = 'fast'"));
            assertEquals("", c.queryString("postgres", "SHOW restore_command"));
            Amcheck.check(port);
        }
    }

    @Test
    @Order(4)
    void archiveGetThroughTheEngineAndNotArchivedIsExitOne() throws Exception {
        Path out = Files.createDirectory(dir.resolve("wal-out"));
        Launcher.giveToServer(out);
        String first = primary.queryString("postgres", "SELECT pg_walfile_name('0/2000000'::pg_lsn)");
        Cli.Result got = run("archive", "get", first, out.resolve("seg").toString());
        assertEquals(0, got.exitCode(), got::toString);
        assertEquals(16 * 1024 * 1024, Files.size(out.resolve("seg")));
        Cli.Result missing = run("archive", "get", "0000000100000000000000FE", out.resolve("none").toString());
        assertEquals(1, missing.exitCode(), missing::toString);
    }

    @Test
    @Order(5)
    void verifyWithCredentialsFromVariablesPutsNoCredentialInAnyArgv() throws Exception {
        Map<String, String> env = new HashMap<>(misleading);
        env.putAll(S3.environment());
        Path out = dir.resolve("verify.out");
        Path err = dir.resolve("verify.err");
        Process p = ChildJvm.start("0022", env, List.of(), out, err, "--policy", envPolicy.toString(), "verify", "--json");
        SecretScan.Polled polled = SecretScan.whileRunning(p, dir, List.of(S3.accessKey(), S3.secretKey()));
        String shown = Files.readString(out) + Files.readString(err);
        OUTPUTS.add(shown);
        assertEquals(0, p.waitFor(), shown);
        assertTrue(shown.contains("match the schema hashes and row estimates recorded at backup time"), shown);
        assertEquals(List.of(), polled.found());
        assertTrue(polled.withPgBackRest() > 0, () -> "the scan never saw pgbackrest running: " + polled);
    }

    @Test
    @Order(6)
    void pruneExpiresTheOldChainInTheBucket() throws Exception {
        String second = backup(envPolicy, "full", S3.environment());
        assertTrue(Files.isDirectory(repo().resolve("backup/main/" + full)));
        // pgbackrest backup expires by itself past repo1-retention-full: lower keepFull so that prune has work
        Files.writeString(policy, Files.readString(policy).replace("keepFull: 2", "keepFull: 1"));
        Cli.Result dry = run("--dry-run", "prune");
        assertEquals(0, dry.exitCode(), dry::toString);
        assertTrue(Files.isDirectory(repo().resolve("backup/main/" + full)), dry::toString);
        Cli.Result r = run("prune");
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(Files.exists(repo().resolve("backup/main/" + full)), r::toString);
        assertFalse(Files.exists(repo().resolve("backup/main/" + incr)), r::toString);
        JsonNode list = Json.mapper().readTree(run("list", "--json").out());
        List<String> ids = new ArrayList<>();
        list.forEach(e -> ids.add(e.path("id").asText()));
        assertEquals(List.of(second), ids);
        assertTrue(Files.isRegularFile(repo().resolve("backup/main/" + second + "/backup.manifest")));
    }

    @Test
    @Order(7)
    void noCredentialInTheBucketTheStateDirectoryOrAnyOutput() {
        List<String> secrets = List.of(S3.accessKey(), S3.secretKey());
        assertEquals(List.of(), SecretScan.filesHolding(S3.bucketDir(), secrets));
        assertEquals(List.of(), SecretScan.filesHolding(dir.resolve("state"), secrets));
        assertFalse(OUTPUTS.isEmpty());
        for (String o : OUTPUTS) {
            assertFalse(o.contains(S3.accessKey()) || o.contains(S3.secretKey()), o);
        }
    }

    /** The store gone: archive get must stop recovery (above 125, not "not archived"), archive push must fail within 1..125. */
    @Test
    @Order(8)
    void withTheStoreDownArchiveGetStopsRecoveryAndArchivePushFails() throws Exception {
        // pgBackRest retries a refused connection for about four times io-timeout per request, and archive get and push
        // each try archive.info and archive.info.copy: a short io-timeout, used only once the store is down, bounds the
        // wait (about 2 s per request instead of 12 s at io-timeout 3) without changing what pgBackRest answers
        Path fault = dir.resolve("fault.yaml");
        Files.writeString(fault, Files.readString(policy).replace("          archive-timeout: 120\n",
                "          archive-timeout: 120\n          io-timeout: 0.5\n"));
        String first = primary.queryString("postgres", "SELECT pg_walfile_name('0/2000000'::pg_lsn)");
        Path pushDir = Files.createDirectory(dir.resolve("wal-push"));
        Path segment = Files.copy(dir.resolve("wal-out/seg"), pushDir.resolve(first));
        Launcher.giveToServer(pushDir);
        Cli.Result again = Cli.run("--policy", policy.toString(), "archive", "push", "--engine", "pgbackrest", segment.toString());
        assertEquals(0, again.exitCode(), again::toString);
        S3.kill();
        try {
            Cli.Result get = Cli.run("--policy", fault.toString(), "archive", "get", first, dir.resolve("wal-out/down").toString());
            OUTPUTS.add(get.out() + get.err());
            assertEquals(126, get.exitCode(), get::toString);
            assertTrue(get.err().contains("pgBackRest error"), get::toString);
            Cli.Result push = Cli.run("--policy", fault.toString(), "archive", "push", "--engine", "pgbackrest", segment.toString());
            OUTPUTS.add(push.out() + push.err());
            assertEquals(1, push.exitCode(), push::toString);
        } finally {
            S3.restart();
        }
        assertEquals(0, run("list").exitCode());
    }

    @Test
    void policyValidateRefusesARepoOptionAndAnAddressPgBackRestCannotVerify() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(policy).replace("localhost:", "127.0.0.1:")
                .replace("          compress-type: none\n", "          compress-type: none\n          repo1-path: /elsewhere\n"));
        Cli.Result r = Cli.run("policy", "validate", "--policy", bad.toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("clusters.main.physical.pgbackrest.options.repo1-path conflicts with repository.s3"), r::toString);
        assertTrue(r.err().contains("repository.s3.endpoint cannot be applied by engine pgbackrest (clusters.main): pgBackRest 2.45"
                + " checks only the DNS names"), r::toString);
        // the reason holds: pgbackrest itself, pointed at the address the certificate also names, refuses it
        Path conf = dir.resolve("state/main/pgbackrest/pgbackrest.conf");
        // a short io-timeout: pgBackRest retries a failed TLS handshake until io-timeout (60 s by default) runs out
        ProcessBuilder pb = new ProcessBuilder("pgbackrest", "--config=" + conf, "--log-level-file=off", "--repo1-s3-endpoint=127.0.0.1",
                "--io-timeout=0.5", "repo-ls").redirectErrorStream(true);
        pb.environment().put("PGBACKREST_REPO1_S3_KEY", S3.accessKey());
        pb.environment().put("PGBACKREST_REPO1_S3_KEY_SECRET", S3.secretKey());
        Process p = pb.start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(95, p.waitFor(), said);
        assertTrue(said.contains("unable to find hostname '127.0.0.1' in certificate"), said);
    }

    /** Why docs/pgbackrest.md says to set caFile: without repo1-storage-ca-file, OpenSSL's default trust reads SSL_CERT_FILE. */
    @Test
    void withoutCaFilePgbackrestTrustsWhatSslCertFileNames() throws Exception {
        Path conf = dir.resolve("no-ca.conf");
        Files.writeString(conf, Files.readString(dir.resolve("state/main/pgbackrest/pgbackrest.conf")).replaceAll("repo1-storage-ca-file=.*\n", ""));
        RepoLs trusted = repoLs(conf, dir.resolve("s3-ca.pem"), List.of());
        assertEquals(0, trusted.exitCode(), trusted.output());
        // pgBackRest retries a failed TLS handshake until io-timeout (60 s by default) runs out: bound it, the answer is the same
        RepoLs untrusted = repoLs(conf, dir.resolve("wrong-ca.pem"), List.of("--io-timeout=0.5"));
        assertEquals(95, untrusted.exitCode(), untrusted.output());
        assertTrue(untrusted.output().contains("unable to verify certificate presented by"), untrusted.output());
    }

    private record RepoLs(int exitCode, String output) {}

    private static RepoLs repoLs(Path conf, Path sslCertFile, List<String> extra) throws Exception {
        List<String> argv = new ArrayList<>(List.of("pgbackrest", "--config=" + conf, "--log-level-file=off", "--log-level-console=error"));
        argv.addAll(extra);
        argv.add("repo-ls");
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().put("PGBACKREST_REPO1_S3_KEY", S3.accessKey());
        pb.environment().put("PGBACKREST_REPO1_S3_KEY_SECRET", S3.secretKey());
        pb.environment().put("SSL_CERT_FILE", sslCertFile.toString());
        pb.environment().remove("SSL_CERT_DIR");
        Process p = pb.start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new RepoLs(p.waitFor(), said);
    }
}
