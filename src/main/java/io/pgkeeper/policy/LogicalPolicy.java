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
        return new LogicalPolicy(DatabaseSelection.defaults(), DumpFormat.CUSTOM, 1, Optional.empty(),
                GlobalsMode.ROLES, 1, FingerprintMode.ESTIMATE);
    }
}
