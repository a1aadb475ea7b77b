package io.pgkeeper.policy;

import java.util.Optional;

/** How {@code pgkeeper dump} takes logical backups. */
public record LogicalPolicy(
        DatabaseSelection databases,
        DumpFormat format,
        int jobs,
        Optional<String> compress,
        GlobalsMode globals,
        int parallelDatabases,
        FingerprintMode fingerprint) {

    public static LogicalPolicy defaults() {
        return new LogicalPolicy(DatabaseSelection.defaults(), LogicalKeys.FORMAT.defaultValue(), LogicalKeys.JOBS.defaultValue(),
                Optional.empty(), LogicalKeys.GLOBALS.defaultValue(), LogicalKeys.PARALLEL_DATABASES.defaultValue(),
                LogicalKeys.FINGERPRINT.defaultValue());
    }
}
