package io.pgkeeper.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** repository.s3 for engine pgbackrest: the repo1-* options, what options may not repeat, what pgBackRest 2.45 cannot do. */
class PgBackRestS3Test {
    @TempDir
    Path dir;

    PolicyFiles files;

    @BeforeEach
    void setUp() {
        files = new PolicyFiles(dir);
    }

    static S3Policy bucket(String endpoint, String prefix, Optional<String> storageClass, Optional<String> sse, Optional<String> kms) {
        return new S3Policy(URI.create(endpoint), "backups", "eu-west-3", prefix, S3Policy.UriStyle.PATH, Optional.of(Path.of("/etc/ca.pem")),
                new S3Policy.FromEnvironment("K", "S", Optional.empty()), storageClass, sse, kms, 16L << 20, Duration.ofMinutes(2));
    }

    /** An S3 repository (lines of repository.s3) and a pgbackrest cluster (lines of its options). */
    static String policy(String s3, String options) {
        StringBuilder sb = new StringBuilder("version: 1\nrepository:\n  type: s3\n  stateDir: /var/lib/pgkeeper/state\n  s3:\n");
        s3.lines().forEach(l -> sb.append("    ").append(l).append('\n'));
        sb.append("clusters:\n  main:\n    connection: {}\n    pgdata: /var/lib/postgresql/15/main\n"
                + "    physical:\n      engine: pgbackrest\n      pgbackrest:\n        stanza: main\n        options:\n");
        options.lines().forEach(l -> sb.append("          ").append(l).append('\n'));
        return sb.toString();
    }

    static final String S3 = "endpoint: https://s3.example.net:9000\nbucket: backups\naccessKeyEnv: K\nsecretKeyEnv: S\n";

    @Test
    void mapsEveryKeyToItsRepo1Option() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("repo1-type", "s3");
        expected.put("repo1-path", "/prod/db/main/pgbackrest");
        expected.put("repo1-s3-bucket", "backups");
        expected.put("repo1-s3-endpoint", "s3.example.net");
        expected.put("repo1-storage-port", "9000");
        expected.put("repo1-s3-region", "eu-west-3");
        expected.put("repo1-s3-uri-style", "path");
        expected.put("repo1-s3-key-type", "shared");
        expected.put("repo1-storage-verify-tls", "y");
        expected.put("repo1-storage-ca-file", "/etc/ca.pem");
        expected.put("repo1-s3-kms-key-id", "alias/pg");
        expected.put("repo1-storage-upload-chunk-size", Long.toString(16L << 20));
        S3Policy s3 = bucket("https://s3.example.net:9000", "prod/db", Optional.empty(), Optional.of("aws:kms"), Optional.of("alias/pg"));
        assertEquals(expected, PgBackRestS3.options(s3, "main"));
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(PgBackRestS3.options(s3, "main").keySet()));
        assertEquals(List.of(), PgBackRestS3.refusals(s3));
    }

    @Test
    void noPrefixAndNoPortGiveTheBucketsTopAndPort443() {
        Map<String, String> o = PgBackRestS3.options(bucket("https://s3.amazonaws.com", "", Optional.empty(), Optional.empty(),
                Optional.empty()), "db1");
        assertEquals("/db1/pgbackrest", o.get("repo1-path"));
        assertEquals("443", o.get("repo1-storage-port"));
        assertFalse(o.containsKey("repo1-s3-kms-key-id"));
        assertFalse(o.values().stream().anyMatch(v -> v.equals("K") || v.equals("S")), o::toString);
    }

    @Test
    void refusesWhatPgBackRestCannotDoWithTheReason() {
        List<PgBackRestS3.Refusal> r = PgBackRestS3.refusals(bucket("http://127.0.0.1:9000", "", Optional.of("STANDARD_IA"),
                Optional.of("AES256"), Optional.empty()));
        assertEquals(List.of("endpoint", "storageClass", "sse"), r.stream().map(PgBackRestS3.Refusal::key).toList());
        assertTrue(r.get(0).reason().contains("only https"), r::toString);
        assertTrue(r.get(1).reason().contains("no storage-class option"), r::toString);
        assertTrue(r.get(2).reason().contains("SSE-S3 (AES256)"), r::toString);
        assertTrue(PgBackRestS3.refusals(bucket("https://10.0.0.5", "", Optional.empty(), Optional.empty(), Optional.empty())).get(0)
                .reason().contains("never an IP address"));
        assertTrue(PgBackRestS3.refusals(bucket("https://s3.example.net", "", Optional.empty(), Optional.of("aws:kms"), Optional.empty()))
                .get(0).reason().contains("set kmsKeyId"));
    }

    @Test
    void onlyTheRepositorysPlaceIsOwned() {
        for (String o : List.of("repo1-type", "repo1-path", "repo1-s3-bucket", "repo1-s3-key", "repo1-storage-ca-file", "repo1-host",
                "repo1-azure-container", "repo1-gcs-bucket")) {
            assertTrue(PgBackRestS3.owned(o), o);
        }
        for (String o : List.of("repo1-cipher-type", "repo1-cipher-pass", "repo1-retention-full", "repo1-bundle", "repo2-path",
                "repo2-s3-bucket", "compress-type")) {
            assertFalse(PgBackRestS3.owned(o), o);
        }
    }

    @Test
    void aPassThroughRepoOptionIsRefusedAtValidateNamingBothKeys() {
        files.assertOnlyProblem(policy(S3, "compress-type: zst\nrepo1-path: /var/lib/pgbackrest\nrepo1-cipher-type: aes-256-cbc"), 20, 11,
                "clusters.main.physical.pgbackrest.options.repo1-path conflicts with repository.s3, from which pgkeeper renders"
                + " pgBackRest's repository (repo1-type, repo1-path, repo1-s3-*, repo1-storage-*; docs/pgbackrest.md); remove"
                + " repo1-path from the options, or set repository.type: posix");
        List<String> problems = files.problems(policy(S3, "repo1-s3-key: AKIA\nrepo1-storage-verify-tls: n"));
        assertEquals(2, problems.size(), problems::toString);
        assertTrue(problems.get(1).contains("options.repo1-storage-verify-tls conflicts with repository.s3"), problems::toString);
    }

    @Test
    void aBucketSettingPgBackRestCannotHonourIsRefusedAtItsKey() {
        files.assertOnlyProblem(policy(S3 + "storageClass: STANDARD_IA\n", "compress-type: zst"), 10, 5,
                "repository.s3.storageClass cannot be applied by engine pgbackrest (clusters.main): pgBackRest 2.45 has no"
                + " storage-class option, so its objects would be written as STANDARD; remove storageClass, or move objects"
                + " with a lifecycle rule of the bucket");
        files.assertOnlyProblem(policy(S3.replace("https://s3.example.net:9000", "http://127.0.0.1:9000"), "compress-type: zst"), 6, 5,
                "repository.s3.endpoint cannot be applied by engine pgbackrest (clusters.main): pgBackRest speaks only https to"
                + " S3 (it has no plain-http option); give the store a TLS certificate and use an https endpoint");
    }

    @Test
    void aConfigFileOfItsOwnIsRefusedWithABucket() {
        String p = policy(S3, "compress-type: zst").replace("        options:\n          compress-type: zst\n",
                "        config: /etc/pgbackrest/pgbackrest.conf\n");
        List<String> problems = files.problems(p);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains("clusters.main.physical.pgbackrest.config cannot be used with repository.type: s3"), problems::toString);
    }

    /** docs/pgbackrest.md: its S3 policy loads, and every option its mapping table shows is what pgkeeper renders for it. */
    @Test
    void theDocsExampleRendersEveryOptionOfTheDocsTable() throws Exception {
        String page = Files.readString(Path.of("docs/pgbackrest.md"));
        String section = page.substring(page.indexOf("## Repository on S3"), page.indexOf("## Commands"));
        String yaml = section.substring(section.indexOf("```yaml\n") + 8, section.indexOf("```\n", section.indexOf("```yaml\n") + 8));
        Policy p = new PolicyFiles(dir, Map.of("PGBACKREST_CIPHER_PASS", "x")).load(yaml);
        Map<String, String> rendered = PgBackRestS3.options(p.repository().s3().orElseThrow(), "main");
        String table = section.substring(section.indexOf("| repository.s3 | pgbackrest.conf |"), section.indexOf("`PgBackRestS3Test` renders"));
        Matcher m = Pattern.compile("`(repo1-[a-z0-9-]+)=([^`]+)`").matcher(table);
        int rows = 0;
        while (m.find()) {
            rows++;
            assertEquals(m.group(2), rendered.get(m.group(1)), m.group(0));
        }
        assertEquals(rendered.size(), rows, "the table shows every rendered option: " + rendered);
        assertEquals(List.of(), PgBackRestS3.refusals(p.repository().s3().orElseThrow()));
    }

    @Test
    void theSameBucketWithEnginePgBaseBackupHasNoSuchRule() {
        String p = policy(S3 + "storageClass: STANDARD_IA\n", "repo1-path: /x").replace("engine: pgbackrest", "engine: pg_basebackup");
        assertEquals(List.of(), files.problems(p));
    }
}
