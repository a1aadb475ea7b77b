package io.pgkeeper.engine.pgbackrest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.policy.Policy;
import io.pgkeeper.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pgbackrest.conf rendered from the policy. */
class PgBackRestConfigTest {
    @TempDir
    Path dir;

    @Test
    void rendersGlobalAndStanzaSectionsFromThePolicy() throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, """
                version: 1
                repository: {path: /srv/backups}
                clusters:
                  main:
                    connection: {host: /var/run/postgresql, port: 5433, user: postgres}
                    pgdata: /var/lib/postgresql/15/main
                    retention:
                      physical: {keepFull: 2}
                    physical:
                      engine: pgbackrest
                      pgbackrest:
                        stanza: prod
                        options:
                          repo1-path: /var/lib/pgbackrest
                          repo1-cipher-type: aes-256-cbc
                          repo1-cipher-pass: ${CIPHER}
                          compress-type: lz4
                          start-fast: true
                          pg1-host-user: postgres
                """);
        Policy p = new PolicyLoader().load(file, Map.of("CIPHER", "s3cret"));
        ClusterPolicy c = p.cluster(Optional.of("main"));
        String text = PgBackRestConfig.render(c, c.physical().pgbackrest().orElseThrow(), Path.of("/srv/backups/main/pgbackrest"), Optional.empty());
        assertEquals("""
                # Written by pgkeeper, clusters.main.physical.pgbackrest.
                # Every pgkeeper run rewrites it: change the policy, not this file.

                [global]
                log-path=/srv/backups/main/pgbackrest/log
                lock-path=/srv/backups/main/pgbackrest/lock
                spool-path=/srv/backups/main/pgbackrest/spool
                repo1-retention-full=2
                repo1-path=/var/lib/pgbackrest
                repo1-cipher-type=aes-256-cbc
                repo1-cipher-pass=s3cret
                compress-type=lz4
                start-fast=y

                [prod]
                pg1-path=/var/lib/postgresql/15/main
                pg1-socket-path=/var/run/postgresql
                pg1-port=5433
                pg1-user=postgres
                pg1-host-user=postgres
                """, text);
    }
}
