package io.pgkeeper.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.repository.Attempt;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.Manifest;
import io.pgkeeper.repository.VerifyRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PruneInputsTest {
    private static final Instant T0 = Instant.parse("2026-11-20T03:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-20T03:05:00Z");

    static Backup backup(String id, BackupKind kind, Instant started, Instant finished) {
        Manifest m = Manifest.builder(id, "main", kind).startedAt(started).finishedAt(finished).server("17.2", "7000000000000000001").build();
        return new Backup(Path.of("/repo/main").resolve(kind.dirName()).resolve(id), m);
    }

    @Test
    void logicalManifestKeepsItsRecordedTimesAndLastVerification() {
        Backup b = backup("20261120T030000Z", BackupKind.LOGICAL, T0, T1);
        Map<String, VerifyRecord> verified = Map.of(b.id(), new VerifyRecord(b.id(), BackupKind.LOGICAL, T1, false, "row counts differ"));
        CompletedBackup c = PruneInputs.completed(List.of(b), verified).get(0);
        assertEquals(CompletedBackup.logical("20261120T030000Z", T0, T1, Optional.of(false)), c);
        assertTrue(c.verifyFailed());
    }

    @Test
    void neverVerifiedMeansEmptyNotFailed() {
        CompletedBackup c = PruneInputs.completed(List.of(backup("20261120T030000Z", BackupKind.LOGICAL, T0, T1)), Map.of()).get(0);
        assertEquals(Optional.empty(), c.lastVerifyOk());
    }

    @Test
    void aVerificationOfTheOtherKindDoesNotCount() {
        Backup b = backup("20261120T030000Z", BackupKind.LOGICAL, T0, T1);
        Map<String, VerifyRecord> verified = Map.of(b.id(), new VerifyRecord(b.id(), BackupKind.PHYSICAL, T1, false, "x"));
        assertEquals(Optional.empty(), PruneInputs.completed(List.of(b), verified).get(0).lastVerifyOk());
    }

    @Test
    void physicalManifestsWithoutWalInfoKeepEveryWalSegment() {
        CompletedBackup c = PruneInputs.completed(List.of(backup("20261120T030000Z", BackupKind.PHYSICAL, T0, T1)), Map.of()).get(0);
        assertEquals(RetentionKind.PHYSICAL, c.kind());
        assertEquals(Optional.empty(), c.startWalSegment());
        assertTrue(c.isFull());
    }

    @Test
    void aMissingFinishTimeCountsAsTheStartTime() {
        CompletedBackup c = PruneInputs.completed(List.of(backup("20261120T030000Z", BackupKind.LOGICAL, T0, null)), Map.of()).get(0);
        assertEquals(T0, c.finishedAt());
    }

    @Test
    void anInconsistentManifestStopsPruneWithItsPath() {
        Backup b = backup("20261120T030000Z", BackupKind.LOGICAL, T1, T0);
        PgKeeperException e = assertThrows(PgKeeperException.class, () -> PruneInputs.completed(List.of(b), Map.of()));
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("/repo/main/logical/20261120T030000Z"), e::getMessage);
        assertTrue(e.getMessage().contains("finished"), e::getMessage);
    }

    @Test
    void leftoversAreDecidedAlreadyAndNeverPlanned() {
        Path logical = Path.of("/repo/main/logical");
        Instant justNow = Instant.parse("2026-11-21T11:59:00Z");
        List<Attempt> attempts = List.of(
                new Attempt(logical.resolve("20261121T030000Z"), "20261121T030000Z", BackupKind.LOGICAL, justNow),
                new Attempt(logical.resolve("20261101T030000Z.deleting"), "20261101T030000Z.deleting", BackupKind.LOGICAL, justNow));
        assertEquals(List.of(new UnfinishedAttempt("20261121T030000Z", RetentionKind.LOGICAL, justNow, true)),
                PruneInputs.attempts(attempts, true));
        assertEquals(List.of(new Decision("20261101T030000Z.deleting", RetentionKind.LOGICAL, Action.DELETE,
                        List.of("deleted: leftover of an interrupted prune"))),
                PruneInputs.leftovers(attempts));
    }
}
