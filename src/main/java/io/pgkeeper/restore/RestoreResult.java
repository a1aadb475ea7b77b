package io.pgkeeper.restore;

import java.util.List;

/** What a logical restore did. */
public record RestoreResult(String backupId, String cluster, String database, String into, boolean replaced,
        List<String> createdRoles, List<String> skippedRoles, long durationMs, boolean dryRun) {}
