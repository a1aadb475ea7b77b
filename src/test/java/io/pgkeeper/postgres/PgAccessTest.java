package io.pgkeeper.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgkeeper.policy.ConnectionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.pgkeeper.testing.Processes;

class PgAccessTest {

    @Test
    void passfileIsSearchedPerDatabaseAsLibpqDoes(@TempDir Path tmp) throws Exception {
        Path passfile = Files.writeString(tmp.resolve("pgpass"), "db.example:5432:billing:app:billing-secret\n"
                + "db.example:5432:*:app:default-secret\n");
        ConnectionPolicy policy = new ConnectionPolicy(Optional.of("db.example"), Optional.of(5432), Optional.of("app"), Optional.of("postgres"),
                Optional.of(passfile), Optional.empty());
        try (PgAccess access = PgAccess.resolve(policy, Map.of(), Processes.OS, Duration.ofSeconds(5))) {
            assertEquals(Optional.of("billing-secret"), access.passwordFor("billing"));
            assertEquals(Optional.of("default-secret"), access.passwordFor("postgres"));
            assertEquals(passfile.toString(), access.toolEnv().get("PGPASSFILE"));
        }
    }

    @Test
    void passwordFromTheEnvironmentReachesToolsOnlyThroughAPrivateTemporaryPassfile() throws Exception {
        ConnectionPolicy policy = new ConnectionPolicy(Optional.of("db.example"), Optional.of(5432), Optional.of("app"), Optional.empty(),
                Optional.empty(), Optional.of("PGK_TEST_SECRET"));
        Path file;
        try (PgAccess access = PgAccess.resolve(policy, Map.of("PGK_TEST_SECRET", "s3cr:et"), Processes.OS, Duration.ofSeconds(5))) {
            assertEquals(Optional.of("s3cr:et"), access.passwordFor("anything"));
            file = Path.of(access.toolEnv().get("PGPASSFILE"));
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("*:*:*:*:s3cr\\:et\n", Files.readString(file));
        }
        assertEquals(false, Files.exists(file));
    }
}
