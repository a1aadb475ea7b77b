package io.pgkeeper.retention;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * What a prune decided and did.
 *
 * @param ok false when a deletion failed; the failures are in {@code errors} and on the outcomes
 * @param walDeleted the WAL files deleted, or in a dry run those that would be
 * @param walKeepFrom the oldest WAL segment kept backups need; null when no WAL may be deleted
 */
public record PruneResult(
        String cluster,
        boolean ok,
        boolean dryRun,
        Instant startedAt,
        long durationMs,
        List<PruneOutcome> decisions,
        List<String> walDeleted,
        @JsonInclude(JsonInclude.Include.ALWAYS) String walKeepFrom,
        List<String> errors) {

    public PruneResult {
        decisions = List.copyOf(decisions);
        walDeleted = List.copyOf(walDeleted);
        errors = List.copyOf(errors);
    }

    public List<PruneOutcome> deletions() {
        return decisions.stream().filter(PruneOutcome::deletes).toList();
    }
}
