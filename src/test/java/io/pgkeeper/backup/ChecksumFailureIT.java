package io.pgkeeper.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.testing.ChildJvm;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.DataChecksums;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.testing.TestPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.pgkeeper.testing.ClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import io.pgkeeper.testing.ServerSettings;

/**
 * A page whose data checksum is wrong is corruption on the source: pg_basebackup reports it, and
 * pgkeeper says so (file, block, table), keeps no backup, points to pg_amcheck, and logs the
 * server's WARNING lines as warnings; no pg_hba.conf hint leads the operator astray.
 */
@ExtendWith(ClusterExtension.class)
class ChecksumFailureIT {
    static TestCluster pg;
    static String damaged;

    @BeforeAll
    static void start(@ServerSettings({"max_wal_senders=5"}) TestCluster started) {
        pg = started;
        pg.execute("postgres", "CREATE DATABASE app");
        pg.execute("app", "CREATE TABLE orders(id int, note text)", "INSERT INTO orders SELECT g, 'order ' || g FROM generate_series(1, 2000) g");
        DataChecksums.enable(pg);
        damaged = DataChecksums.corruptFirstBlock(pg, "app", "orders");
    }

    @Test
    void aChecksumFailureIsReportedAsCorruptionOfTheSourceAndNoBackupIsKept(@TempDir Path tmp) throws IOException {
        Path repo = tmp.resolve("repo");
        Path policy = TestPolicy.write(tmp, pg, repo);
        Cli.Result r = ChildJvm.run("077", Map.of(), "--policy", policy.toString(), "basebackup");
        assertEquals(1, r.exitCode(), r::toString);
        String error = r.err().lines().filter(l -> l.startsWith("pgkeeper: error:")).findFirst().orElse("");
        assertTrue(error.contains("data corruption on the source server"), r::toString);
        assertTrue(error.contains("in file ./" + damaged + ", block 0"), () -> "names the file and block: " + r);
        assertTrue(error.contains("table orders of database app"), () -> "names the table: " + r);
        assertTrue(error.contains("The base backup was not kept"), r::toString);
        String hint = r.err().lines().filter(l -> l.startsWith("hint:")).findFirst().orElse("");
        assertTrue(hint.contains("pg_amcheck"), r::toString);
        assertFalse(r.err().contains("pg_hba.conf"), () -> "no pg_hba.conf hint: " + r);
        assertTrue(r.err().lines().anyMatch(l -> l.contains("WARN") && l.contains("[pg_basebackup]") && l.contains("checksum verification failed")),
                () -> "the server's WARNING is logged as a warning: " + r);
        try (Stream<Path> kept = Files.list(repo.resolve("main/physical"))) {
            assertEquals(0, kept.count(), "no backup and no attempt left behind");
        }
        Cli.Result list = Cli.run("--policy", policy.toString(), "list", "--kind", "physical");
        assertTrue(list.out().contains("no completed backups"), list::toString);
    }
}
