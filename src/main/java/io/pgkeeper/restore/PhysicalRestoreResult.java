package io.pgkeeper.restore;

import java.util.List;

/**
 * What a physical restore did. {@code reached} is set with {@code --start}: where recovery
 * stopped, as the server reports it.
 *
 * @param target the recovery target, a time always in UTC
 * @param removedSettings what was taken out of the backup's postgresql.auto.conf (passwords redacted)
 * @param archiving whether the copy archives, and how to change that
 * @param serverLog where the copy's server log goes: outside the data directory
 */
public record PhysicalRestoreResult(String backupId, String cluster, String pgdata, String chosenBecause, String target,
        boolean standby, boolean sourceWasStandby, List<String> recoverySettings, List<String> removedSettings,
        List<RestoredTablespace> tablespaces, String archiving, String serverLog, String startCommand, Reached reached,
        List<String> warnings, long durationMs, boolean dryRun) {

    public PhysicalRestoreResult {
        recoverySettings = List.copyOf(recoverySettings);
        removedSettings = List.copyOf(removedSettings);
        tablespaces = List.copyOf(tablespaces);
        warnings = List.copyOf(warnings);
    }

    /** @param from where it was on the source; {@code to} where it is now */
    public record RestoredTablespace(String oid, String name, String from, String to) {}

    /**
     * @param state {@code promoted}, {@code paused}, {@code shut down} or {@code standby}
     * @param timeline the copy's timeline once promoted
     * @param stoppedAt the server's own words for where recovery stopped, when it said
     * @param recoverySettingsRemoved pgkeeper's recovery settings were taken out again after the promotion
     */
    public record Reached(String lsn, String time, String state, String timeline, String stoppedAt, boolean recoverySettingsRemoved) {}
}
