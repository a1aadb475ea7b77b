package io.pgkeeper.restore;

import java.util.List;

/**
 * What a physical restore did. {@code reached} is set with {@code --start}: where recovery
 * stopped, as the server reports it.
 */
public record PhysicalRestoreResult(String backupId, String cluster, String pgdata, String chosenBecause, List<String> recoverySettings,
        String startCommand, Reached reached, long durationMs, boolean dryRun) {

    /** @param state {@code promoted}, {@code paused} or {@code shut down} */
    public record Reached(String lsn, String time, String state) {}
}
