package io.pgkeeper.verify;

import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.restore.RecoveryTarget;
import java.util.Optional;

/**
 * @param backupId a backup id or {@code latest}
 * @param kind only this kind; every kind the cluster has when empty
 * @param keepSandbox leave the sandbox running (also after a failure) so a person can look inside
 * @param target physical backups: recover to this target through the archive; to consistency when unset
 */
public record VerifyRequest(String backupId, Optional<BackupKind> kind, boolean keepSandbox, RecoveryTarget target) {

    public VerifyRequest(String backupId, Optional<BackupKind> kind, boolean keepSandbox) {
        this(backupId, kind, keepSandbox, RecoveryTarget.none());
    }
}
