package io.pgkeeper.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.archive.ArchivedFile;
import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.archive.WalNames;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.Repositories;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.testing.ArchivingPrimary;
import io.pgkeeper.testing.ArchivingPrimaryExtension;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.TestCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Retention of base backups against a real archiving server: three base backups with WAL
 * between them, keepFull 2. The oldest backup and the WAL only it needed go; what stays still
 * verifies, the archive has no gap, and point-in-time recovery inside the kept range works.
 */
@ExtendWith(ArchivingPrimaryExtension.class)
class PhysicalRetentionIT {
    static TestCluster primary;
    static Path dir;
    static Path policy;
    static String b1;
    static String b2;
    static String b3;
    static Cli.Result pruned;
    static String timeAfterB2;

    @BeforeAll
    static void setUp(ArchivingPrimary archiving) throws Exception {
        primary = archiving.server();
        dir = archiving.dir();
        policy = archiving.policy(primary.port(), "    retention:\n      physical:\n        keepFull: 2\n        minKeep: 1\n");
        primary.execute("postgres", "CREATE TABLE events(n int)");
        b1 = backup();
        writeAndSwitch(1);
        b2 = backup();
        writeAndSwitch(2);
        Thread.sleep(1100);
        timeAfterB2 = primary.queryString("postgres", "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
        Thread.sleep(1100);
        writeAndSwitch(3);
        pruned = Cli.run("--policy", policy.toString(), "basebackup", "--prune");
        assertEquals(0, pruned.exitCode(), pruned::toString);
        b3 = pruned.out().lines().filter(l -> l.matches("\\d{8}T\\d{6}Z")).findFirst().orElseThrow(() -> new AssertionError(pruned.toString()));
        writeAndSwitch(4);
    }

    private static String backup() {
        Cli.Result r = Cli.run("--policy", policy.toString(), "basebackup");
        assertEquals(0, r.exitCode(), r::toString);
        return r.out().trim();
    }

    private static void writeAndSwitch(int batch) {
        primary.execute("postgres", "INSERT INTO events SELECT " + batch + " FROM generate_series(1, 10)");
        primary.switchWalAndWaitArchived();
    }

    @Test
    void basebackupPruneKeepsTheTwoNewestFullBackups() {
        assertTrue(pruned.out().contains(b1), pruned::toString);
        List<String> ids = Repositories.at(dir.resolve("repo")).completed("main", Optional.of(BackupKind.PHYSICAL)).stream()
                .map(b -> b.id()).toList();
        assertEquals(List.of(b2, b3), ids);
    }

    @Test
    void walBelowTheOldestKeptBackupIsGoneButHistoryAndTheRestStay() {
        var repo = Repositories.at(dir.resolve("repo"));
        String keepFrom = repo.completed("main", Optional.of(BackupKind.PHYSICAL)).get(0).manifest().physical().startWalSegment();
        List<String> segments = Repositories.archive(repo.clusterDir("main")).list().stream().map(ArchivedFile::walName)
                .filter(WalNames::isSegment).toList();
        assertFalse(segments.isEmpty());
        assertTrue(segments.stream().allMatch(s -> s.substring(8).compareTo(keepFrom.substring(8)) >= 0), () -> keepFrom + " " + segments);
        assertTrue(segments.contains(keepFrom), () -> keepFrom + " " + segments);
        Cli.Result check = Cli.run("--policy", policy.toString(), "archive", "check");
        assertEquals(0, check.exitCode(), check::toString);
    }

    @Test
    void keptBackupsStillVerifyAndPointInTimeRecoveryInsideTheRangeWorks() throws Exception {
        for (String id : List.of(b2, b3)) {
            Cli.Result v = Cli.run("--policy", policy.toString(), "verify", "--kind", "physical", "--backup", id);
            assertEquals(0, v.exitCode(), v::toString);
        }
        Cli.Result pitr = Cli.run("--policy", policy.toString(), "verify", "--kind", "physical", "--backup", b2, "--target-time", timeAfterB2);
        assertEquals(0, pitr.exitCode(), pitr::toString);
        Cli.Result gone = Cli.run("--policy", policy.toString(), "verify", "--kind", "physical", "--backup", b1);
        assertEquals(2, gone.exitCode(), gone::toString);
    }
}
