package io.pgkeeper.restore;

import java.util.List;

/**
 * What {@code restore --all} did.
 *
 * @param databases one result per database, in the order restored
 * @param warnings the backup's own (e.g. role passwords not in it) and every database's, each naming its database
 */
public record ClusterRestoreResult(String backupId, String cluster, List<RestoreResult> databases, List<String> createdRoles,
        List<String> skippedRoles, List<String> warnings, long durationMs, boolean dryRun) {

    public ClusterRestoreResult {
        databases = List.copyOf(databases);
        createdRoles = List.copyOf(createdRoles);
        skippedRoles = List.copyOf(skippedRoles);
        warnings = List.copyOf(warnings);
    }
}
