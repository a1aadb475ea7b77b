package io.pgkeeper.retention;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link RetentionPlanner#plan}: nothing has been deleted yet.
 *
 * @param decisions ordered by kind, then completed backups by start time ascending, then
 *     unfinished attempts by last modification ascending
 * @param walKeepFrom the oldest WAL segment a kept physical backup needs; WAL below it may go
 *     (see {@link WalExpiry}). Empty means delete no WAL at all.
 */
public record RetentionPlan(List<Decision> decisions, Optional<String> walKeepFrom) {

    public RetentionPlan {
        decisions = List.copyOf(decisions);
        Objects.requireNonNull(walKeepFrom, "walKeepFrom");
    }

    public List<Decision> decisions(RetentionKind kind) {
        return decisions.stream().filter(d -> d.kind() == kind).toList();
    }

    public List<Decision> deletions() {
        return decisions.stream().filter(Decision::deletes).toList();
    }

    public Optional<Decision> decision(RetentionKind kind, String id) {
        return decisions.stream().filter(d -> d.kind() == kind && d.id().equals(id)).findFirst();
    }
}
