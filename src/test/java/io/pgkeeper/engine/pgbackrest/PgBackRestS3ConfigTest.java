package io.pgkeeper.engine.pgbackrest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.objectstore.ObjectStoreException;
import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.policy.Policy;
import io.pgkeeper.policy.PolicyLoader;
import io.pgkeeper.policy.S3Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pgbackrest.conf for a repository on S3: the bucket rendered, its state under stateDir, the credentials only in the environment. */
class PgBackRestS3ConfigTest {
    @TempDir
    Path dir;

    Policy load(String credentials) throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, """
                version: 1
                repository:
                  type: s3
                  stateDir: /var/lib/pgkeeper/state
                  s3:
                    endpoint: https://s3.example.net:9000
                    bucket: backups
                    region: eu-west-3
                    prefix: prod
                    uriStyle: path
                    caFile: /etc/pgkeeper/s3-ca.pem
                """ + credentials + """
                clusters:
                  main:
                    connection: {host: /var/run/postgresql, port: 5433}
                    pgdata: /var/lib/postgresql/15/main
                    retention:
                      physical: {keepFull: 2}
                    physical:
                      engine: pgbackrest
                      pgbackrest:
                        stanza: prod
                        options:
                          compress-type: zst
                          repo1-cipher-type: aes-256-cbc
                          repo1-cipher-pass: ${CIPHER}
                """);
        return new PolicyLoader().load(file, Map.of("CIPHER", "pass"));
    }

    @Test
    void rendersTheBucketAndKeepsItsStateUnderStateDirWithoutACredential() throws Exception {
        Policy p = load("    accessKeyEnv: MY_KEY\n    secretKeyEnv: MY_SECRET\n");
        ClusterPolicy c = p.cluster(Optional.of("main"));
        Path state = PgBackRestConfig.stateDir(p.repository(), null, "main");
        assertEquals(Path.of("/var/lib/pgkeeper/state/main/pgbackrest"), state);
        String text = PgBackRestConfig.render(c, c.physical().pgbackrest().orElseThrow(), state, Optional.empty(), p.repository().s3());
        assertEquals("""
                # Written by pgkeeper, clusters.main.physical.pgbackrest.
                # Every pgkeeper run rewrites it: change the policy, not this file.

                [global]
                log-path=/var/lib/pgkeeper/state/main/pgbackrest/log
                lock-path=/var/lib/pgkeeper/state/main/pgbackrest/lock
                spool-path=/var/lib/pgkeeper/state/main/pgbackrest/spool
                repo1-type=s3
                repo1-path=/prod/main/pgbackrest
                repo1-s3-bucket=backups
                repo1-s3-endpoint=s3.example.net
                repo1-storage-port=9000
                repo1-s3-region=eu-west-3
                repo1-s3-uri-style=path
                repo1-s3-key-type=shared
                repo1-storage-verify-tls=y
                repo1-storage-ca-file=/etc/pgkeeper/s3-ca.pem
                repo1-storage-upload-chunk-size=8388608
                repo1-retention-full=2
                compress-type=zst
                repo1-cipher-type=aes-256-cbc
                repo1-cipher-pass=pass

                [prod]
                pg1-path=/var/lib/postgresql/15/main
                pg1-socket-path=/var/run/postgresql
                pg1-port=5433
                """, text);
        assertFalse(text.contains("MY_KEY") || text.contains("MY_SECRET"));
    }

    @Test
    void credentialsFromTheNamedVariablesBecomePgBackRestsOwn() throws Exception {
        S3Policy s3 = load("    accessKeyEnv: MY_KEY\n    secretKeyEnv: MY_SECRET\n    sessionTokenEnv: MY_TOKEN\n").repository().s3().orElseThrow();
        assertEquals(Map.of("PGBACKREST_REPO1_S3_KEY", "AKID", "PGBACKREST_REPO1_S3_KEY_SECRET", "sekret", "PGBACKREST_REPO1_S3_TOKEN", "tok"),
                PgBackRestCredentials.environment(s3, Map.of("MY_KEY", "AKID", "MY_SECRET", "sekret", "MY_TOKEN", "tok",
                        "AWS_ACCESS_KEY_ID", "never")));
        ObjectStoreException e = assertThrows(ObjectStoreException.class, () -> PgBackRestCredentials.environment(s3,
                Map.of("MY_KEY", "AKID", "AWS_SECRET_ACCESS_KEY", "never")));
        assertTrue(e.getMessage().contains("MY_SECRET is not set"), e::getMessage);
    }

    @Test
    void credentialsFromTheFileTooAndAFileOthersMayReadIsRefused() throws Exception {
        Path creds = dir.resolve("s3.credentials");
        Files.writeString(creds, "[default]\naws_access_key_id = AKFILE\naws_secret_access_key = filesecret\naws_session_token = ftok\n");
        Files.setPosixFilePermissions(creds, PosixFilePermissions.fromString("rw-------"));
        S3Policy s3 = load("    credentialsFile: " + creds + "\n").repository().s3().orElseThrow();
        assertEquals(Map.of("PGBACKREST_REPO1_S3_KEY", "AKFILE", "PGBACKREST_REPO1_S3_KEY_SECRET", "filesecret",
                "PGBACKREST_REPO1_S3_TOKEN", "ftok"), PgBackRestCredentials.environment(s3, Map.of()));
        Files.setPosixFilePermissions(creds, PosixFilePermissions.fromString("rw-r--r--"));
        ObjectStoreException e = assertThrows(ObjectStoreException.class, () -> PgBackRestCredentials.environment(s3, Map.of()));
        assertTrue(e.getMessage().contains("can be read by every user"), e::getMessage);
    }
    @Test
    void aVariableThatWouldMovePgBackRestsRepositoryIsRefused() {
        Map<String, String> env = Map.of("PGBACKREST_REPO1_CIPHER_PASS", "p", "PGBACKREST_REPO1_S3_KEY", "inherited", "PGBACKREST_PROCESS_MAX", "2");
        PgBackRestCredentials.requireNoOverride(env);
        io.pgkeeper.error.PgKeeperException e = assertThrows(io.pgkeeper.error.PgKeeperException.class, () ->
                PgBackRestCredentials.requireNoOverride(Map.of("PGBACKREST_REPO1_S3_BUCKET", "other", "PGBACKREST_REPO1_PATH", "/x")));
        assertEquals("the environment sets PGBACKREST_REPO1_PATH, which pgbackrest would take over the repo1-path pgkeeper renders"
                + " from repository.s3", e.getMessage());
        assertEquals(2, e.exitCode().code());
    }
}
