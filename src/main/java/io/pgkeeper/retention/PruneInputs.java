package io.pgkeeper.retention;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.repository.Attempt;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.Manifest;
import io.pgkeeper.repository.VerifyRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog as the planner sees it. Leftovers of an interrupted prune ({@code <id>.deleting})
 * are kept apart: their fate was decided by the prune that renamed them, so grace and locks do
 * not apply to them.
 */
public final class PruneInputs {
    public static final String LEFTOVER_SUFFIX = ".deleting";
    public static final String LEFTOVER_REASON = "deleted: leftover of an interrupted prune";

    private PruneInputs() {}

    public static List<CompletedBackup> completed(List<Backup> backups, Map<String, VerifyRecord> lastVerifyById) {
        return backups.stream().map(b -> completed(b, Optional.ofNullable(lastVerifyById.get(b.id())))).toList();
    }

    static CompletedBackup completed(Backup backup, Optional<VerifyRecord> lastVerify) {
        Manifest m = backup.manifest();
        if (m.startedAt() == null || m.kind() == null) {
            throw damaged(backup, "it records no " + (m.kind() == null ? "kind" : "start time"));
        }
        // A verification of another kind's backup with the same id says nothing about this one.
        Optional<Boolean> verifyOk = lastVerify.filter(r -> r.kind() == null || r.kind() == m.kind()).map(VerifyRecord::ok);
        try {
            return new CompletedBackup(backup.id(), kindOf(m.kind()), m.startedAt(),
                    m.finishedAt() == null ? m.startedAt() : m.finishedAt(), verifyOk,
                    startWalSegment(m), fullBackup(m));
        } catch (IllegalArgumentException e) {
            throw damaged(backup, e.getMessage());
        }
    }

    /** The WAL a physical backup needs from; empty (a logical backup) makes the planner keep all WAL. */
    static Optional<String> startWalSegment(Manifest m) {
        return Optional.ofNullable(m.physical()).map(p -> p.startWalSegment());
    }

    /** pg_basebackup backups are always full; incremental engines will say otherwise here. */
    static Optional<Boolean> fullBackup(Manifest m) {
        return Optional.ofNullable(m.physical()).map(p -> true);
    }

    /** Unfinished attempts, leftovers excluded. */
    public static List<UnfinishedAttempt> attempts(List<Attempt> attempts, boolean locked) {
        return attempts.stream()
                .filter(a -> !isLeftover(a))
                .map(a -> new UnfinishedAttempt(a.id(), kindOf(a.kind()), a.lastModified(), locked))
                .toList();
    }

    public static List<Decision> leftovers(List<Attempt> attempts) {
        return attempts.stream()
                .filter(PruneInputs::isLeftover)
                .map(a -> new Decision(a.id(), kindOf(a.kind()), Action.DELETE, List.of(LEFTOVER_REASON)))
                .toList();
    }

    public static boolean isLeftover(Attempt a) {
        return a.dir().getFileName().toString().endsWith(LEFTOVER_SUFFIX);
    }

    public static RetentionKind kindOf(BackupKind kind) {
        return switch (kind) {
            case LOGICAL -> RetentionKind.LOGICAL;
            case PHYSICAL -> RetentionKind.PHYSICAL;
        };
    }

    public static BackupKind kindOf(RetentionKind kind) {
        return switch (kind) {
            case LOGICAL -> BackupKind.LOGICAL;
            case PHYSICAL -> BackupKind.PHYSICAL;
        };
    }

    private static PgKeeperException damaged(Backup backup, String why) {
        return PgKeeperException.failed("cannot apply retention: the manifest of backup " + backup.id() + " (" + backup.dir()
                + ") is inconsistent: " + why, "inspect that manifest; prune deletes nothing while it cannot order every backup");
    }
}
