package io.pgkeeper.retention;

import java.time.Instant;
import java.util.List;

/**
 * One backup or attempt in a prune's result, as printed and as JSON.
 *
 * @param action {@code keep} or {@code delete}: what the plan decided, done unless the run was dry
 *     or {@code error} is set
 * @param startedAt the backup's recorded start; null for unfinished attempts, which have none
 * @param error why the deletion failed; null when it did not
 */
public record PruneOutcome(String id, String kind, String action, List<String> reasons, Instant startedAt, String error) {

    public PruneOutcome {
        reasons = List.copyOf(reasons);
    }

    public boolean deletes() {
        return action.equals("delete");
    }

    PruneOutcome failed(String why) {
        return new PruneOutcome(id, kind, action, reasons, startedAt, why);
    }
}
