package io.pgkeeper.restore;

import java.util.List;

/**
 * What a logical restore of one database did.
 *
 * @param warnings what did not come back as the backup holds it (a missing owner role or
 *     tablespace, a role setting for a missing role) and what the backup itself lacks
 */
public record RestoreResult(String backupId, String cluster, String database, String into, boolean replaced,
        List<String> createdRoles, List<String> skippedRoles, long durationMs, boolean dryRun, List<String> warnings) {

    public RestoreResult {
        createdRoles = List.copyOf(createdRoles);
        skippedRoles = List.copyOf(skippedRoles);
        warnings = List.copyOf(warnings);
    }
}
