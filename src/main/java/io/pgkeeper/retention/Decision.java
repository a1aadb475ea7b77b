package io.pgkeeper.retention;

import java.util.List;
import java.util.Objects;

/**
 * What prune does with one backup or attempt, and why.
 *
 * @param reasons every rule that keeps it, or the one reason it goes; never empty, so a dry run
 *     can always explain itself
 */
public record Decision(String id, RetentionKind kind, Action action, List<String> reasons) {

    public Decision {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(action, "action");
        reasons = List.copyOf(reasons);
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("decision for " + id + " has no reason");
        }
    }

    public boolean keeps() {
        return action == Action.KEEP;
    }

    public boolean deletes() {
        return action == Action.DELETE;
    }
}
