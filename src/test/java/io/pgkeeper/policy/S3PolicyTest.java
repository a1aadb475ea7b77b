package io.pgkeeper.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** repository.type, stateDir and s3: binding, and the problems a half-written S3 repository has. */
class S3PolicyTest {
    @TempDir
    Path dir;

    PolicyFiles files;

    @BeforeEach
    void setUp() {
        files = new PolicyFiles(dir);
    }

    static String s3(String repositoryBody) {
        StringBuilder sb = new StringBuilder("version: 1\nrepository:\n");
        repositoryBody.lines().forEach(l -> sb.append("  ").append(l).append('\n'));
        return sb.append("clusters:\n  main:\n    connection: {}\n").toString();
    }

    @Test
    void bindsEveryKey() {
        Policy p = files.load(s3("""
                type: s3
                stateDir: /var/lib/pgkeeper/state
                s3:
                  endpoint: https://s3.example.net:9000
                  bucket: pgkeeper
                  region: eu-west-3
                  prefix: /prod/db1/
                  uriStyle: path
                  caFile: /etc/pgkeeper/s3-ca.pem
                  accessKeyEnv: PGKEEPER_S3_KEY
                  secretKeyEnv: PGKEEPER_S3_SECRET
                  storageClass: STANDARD_IA
                  sse: aws:kms
                  kmsKeyId: alias/backups
                  partSize: 16MB
                  retryFor: 30s
                """));
        RepositoryPolicy r = p.repository();
        assertEquals(RepositoryPolicy.Type.S3, r.type());
        assertEquals(Path.of("/var/lib/pgkeeper/state"), r.path());
        S3Policy s = r.s3().orElseThrow();
        assertEquals(new S3Policy(URI.create("https://s3.example.net:9000"), "pgkeeper", "eu-west-3", "prod/db1", S3Policy.UriStyle.PATH,
                Optional.of(Path.of("/etc/pgkeeper/s3-ca.pem")), new S3Policy.FromEnvironment("PGKEEPER_S3_KEY", "PGKEEPER_S3_SECRET",
                        Optional.empty()), Optional.of("STANDARD_IA"), Optional.of("aws:kms"), Optional.of("alias/backups"), 16L << 20,
                Duration.ofSeconds(30)), s);
    }

    @Test
    void defaultsAndCredentialsFile() {
        S3Policy s = files.load(s3("""
                type: s3
                stateDir: state
                s3: {endpoint: "https://s3.amazonaws.com", bucket: my-backups, credentialsFile: /etc/pgkeeper/s3.credentials}
                """)).repository().s3().orElseThrow();
        assertEquals("us-east-1", s.region());
        assertEquals("", s.prefix());
        assertEquals(S3Policy.UriStyle.HOST, s.uriStyle());
        assertEquals(new S3Policy.FromFile(Path.of("/etc/pgkeeper/s3.credentials"), "default"), s.credentials());
        assertEquals(8L << 20, s.partSize());
        assertEquals(Duration.ofMinutes(2), s.retryFor());
        assertEquals(Optional.empty(), s.sse());
    }

    @Test
    void posixStaysTheDefault() {
        RepositoryPolicy r = files.load(s3("path: /srv/backups\n")).repository();
        assertEquals(new RepositoryPolicy(Path.of("/srv/backups")), r);
    }

    @Test
    void s3NeedsStateDirAndBucket() {
        files.assertOnlyProblem(s3("""
                type: s3
                s3: {endpoint: "https://s3.example.net", bucket: b1b, accessKeyEnv: K, secretKeyEnv: S}
                """), 3, 3, "repository.stateDir is required with type: s3: a local directory for locks, the archive spool,"
                + " staging and restore's downloads, e.g. /var/lib/pgkeeper/state");
        files.assertOnlyProblem(s3("""
                type: s3
                stateDir: /st
                """), 3, 3, "repository.s3 is required with type: s3: set at least s3.endpoint, s3.bucket and the credentials"
                + " (s3.accessKeyEnv and s3.secretKeyEnv, or s3.credentialsFile)");
    }

    @Test
    void pathIsForPosix() {
        files.assertOnlyProblem(s3("""
                type: s3
                path: /srv/backups
                stateDir: /st
                s3: {endpoint: "https://s3.example.net", bucket: b1b, accessKeyEnv: K, secretKeyEnv: S}
                """), 4, 3, "repository.path is for type: posix; an S3 repository keeps its local state (locks, spool, staging)"
                + " in repository.stateDir: rename path to stateDir, or remove it");
        files.assertOnlyProblem(s3("""
                path: /srv/backups
                s3: {endpoint: "https://s3.example.net", bucket: b1b, accessKeyEnv: K, secretKeyEnv: S}
                """), 4, 3, "repository.s3 is set but repository.type is posix; set type: s3 to use the bucket, or remove s3");
    }

    @Test
    void problemsNameTheKeyAndTheFix() {
        files.assertOnlyProblem(s3("""
                type: s3
                stateDir: /st
                s3:
                  endpoint: http://s3.example.net
                  bucket: b1b
                  accessKeyEnv: K
                  secretKeyEnv: S
                """), 6, 15, "repository.s3.endpoint uses plain http to s3.example.net, which would send backups and signatures"
                + " unencrypted; use https (plain http is only for a store on the loopback interface)");
        files.assertOnlyProblem(s3("""
                type: s3
                stateDir: /st
                s3:
                  endpoint: https://s3.example.net
                  bucket: b1b
                """), 6, 5, "repository.s3 needs credentials: set accessKeyEnv and secretKeyEnv (names of environment variables),"
                + " or credentialsFile");
        files.assertOnlyProblem(s3("""
                type: s3
                stateDir: /st
                s3:
                  endpoint: https://s3.example.net
                  bucket: b1b
                  accessKeyEnv: K
                  secretKeyEnv: S
                  kmsKeyId: k1
                """), 10, 5, "repository.s3.kmsKeyId needs repository.s3.sse: aws:kms; set it, or remove kmsKeyId");
        files.assertOnlyProblem(s3("""
                type: s3
                stateDir: /st
                s3:
                  endpoint: https://s3.example.net
                  bucket: b1b
                  accessKeyEnv: K
                  secretKeyEnv: S
                  partSize: 1MB
                """), 10, 15, "repository.s3.partSize must be at least 5MB (got '1MB')");
    }
}
