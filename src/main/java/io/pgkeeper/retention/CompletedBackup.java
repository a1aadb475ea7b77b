package io.pgkeeper.retention;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A backup whose manifest exists, reduced to what retention needs.
 *
 * @param startedAt orders backups and picks their calendar buckets; ids are never used for either
 * @param lastVerifyOk empty when the backup was never verified
 * @param startWalSegment physical only: the WAL file holding the backup's start location, the
 *     oldest WAL the backup needs
 * @param full physical only: false for an incremental backup, which needs older backups to restore;
 *     empty counts as full because pg_basebackup only writes incremental backups when asked to
 */
public record CompletedBackup(
        String id,
        RetentionKind kind,
        Instant startedAt,
        Instant finishedAt,
        Optional<Boolean> lastVerifyOk,
        Optional<String> startWalSegment,
        Optional<Boolean> full) {

    public CompletedBackup {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(lastVerifyOk, "lastVerifyOk");
        Objects.requireNonNull(startWalSegment, "startWalSegment");
        Objects.requireNonNull(full, "full");
        if (finishedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException(
                    "backup " + id + " finished (" + finishedAt + ") before it started (" + startedAt + ")");
        }
        startWalSegment.ifPresent(segment -> {
            if (!WalExpiry.isSegmentName(segment)) {
                throw new IllegalArgumentException(
                        "backup " + id + ": start WAL segment '" + segment + "' is not a 24-hex WAL file name");
            }
        });
    }

    public static CompletedBackup logical(String id, Instant startedAt, Instant finishedAt, Optional<Boolean> lastVerifyOk) {
        return new CompletedBackup(id, RetentionKind.LOGICAL, startedAt, finishedAt, lastVerifyOk,
                Optional.empty(), Optional.empty());
    }

    public static CompletedBackup physical(String id, Instant startedAt, Instant finishedAt,
            Optional<Boolean> lastVerifyOk, String startWalSegment, boolean full) {
        return new CompletedBackup(id, RetentionKind.PHYSICAL, startedAt, finishedAt, lastVerifyOk,
                Optional.of(startWalSegment), Optional.of(full));
    }

    /** Only a failed verification disqualifies; a backup never verified still counts. */
    public boolean verifyFailed() {
        return lastVerifyOk.equals(Optional.of(false));
    }

    public boolean isFull() {
        return full.orElse(true);
    }
}
