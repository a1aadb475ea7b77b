package io.pgkeeper.restore;

import io.pgkeeper.archive.Lsn;
import io.pgkeeper.error.PgKeeperException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which base backup can reach a target, for both engines; pure. Recovery can only move forward
 * from the end of a base backup, so a backup that finished after the target time, or whose WAL
 * ends after the target LSN, would recover past the target and report success.
 */
public final class TargetFit {
    private TargetFit() {}

    /** What is needed of a backup: its id, when it finished, and where its WAL ends. */
    public record Candidate<B>(B backup, String id, Instant finishedAt, Optional<String> stopLsn) {}

    public record Chosen<B>(B backup, String why) {}

    /** A named backup must end before the target; changes nothing when it does not. */
    public static void requireBefore(String id, Instant finishedAt, Optional<String> stopLsn, RecoveryTarget target) {
        if (target.time().isPresent() && finishedAt != null && !finishedAt.isBefore(target.time().get())) {
            throw PgKeeperException.usage("backup " + id + " finished at " + TargetTime.utc(finishedAt) + ", after the target time "
                    + TargetTime.utc(target.time().get()) + ": recovery cannot go back before the end of a base backup; nothing was changed",
                    "leave out --backup to use the newest backup that finished before the target, or name an older one (pgkeeper list --kind physical)");
        }
        if (target.lsn().isPresent() && stopLsn.isPresent() && Lsn.isValid(stopLsn.get())
                && Lsn.parse(stopLsn.get()).compareTo(Lsn.parse(target.lsn().get())) > 0) {
            throw PgKeeperException.usage("backup " + id + " (finished at " + (finishedAt == null ? "?" : TargetTime.utc(finishedAt))
                    + ") ends at WAL location " + stopLsn.get() + ", after the target LSN " + target.lsn().get()
                    + ": recovery cannot stop before the end of a base backup; nothing was changed",
                    "leave out --backup, or name a backup that ended before " + target.lsn().get() + " (pgkeeper list --kind physical)");
        }
    }

    /**
     * The backup to restore when none is named: for a time or LSN target the newest that ended
     * before it, otherwise the latest. {@code all} is oldest first.
     */
    public static <B> Chosen<B> choose(List<Candidate<B>> all, RecoveryTarget target, String cluster) {
        if (all.isEmpty()) {
            throw PgKeeperException.usage("cluster " + cluster + " has no completed physical backup", "take one first: pgkeeper basebackup");
        }
        if (target.time().isPresent() || target.lsn().isPresent()) {
            Function<Candidate<B>, Boolean> fits = c -> {
                try {
                    requireBefore(c.id(), c.finishedAt(), c.stopLsn(), target);
                    return c.finishedAt() != null || target.lsn().isPresent();
                } catch (PgKeeperException e) {
                    return false;
                }
            };
            List<Candidate<B>> before = all.stream().filter(fits::apply).toList();
            String t = target.describe();
            if (before.isEmpty()) {
                throw PgKeeperException.usage("no base backup of cluster " + cluster + " ended before the target " + t + " (the oldest finished at "
                        + (all.get(0).finishedAt() == null ? "?" : TargetTime.utc(all.get(0).finishedAt())) + "); nothing was changed",
                        "choose a later target");
            }
            Candidate<B> c = before.get(before.size() - 1);
            return new Chosen<>(c.backup(), "the newest base backup that finished before the target " + t);
        }
        return new Chosen<>(all.get(all.size() - 1).backup(), "the latest base backup");
    }
}
