package io.pgkeeper.verify;

import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.BackupKind;

/**
 * Proves one backup of one kind by restoring it into a sandbox. Logical backups are restored
 * with pg_restore, physical ones recover a base backup ({@link SandboxVerifier}); an engine's own
 * backups come through {@link ExternalBackups} into the same pipeline. A verifier never throws for a bad backup: everything it learns is in the report.
 */
public interface BackupVerifier {

    BackupKind kind();

    VerifyReport verify(Backup backup, VerifyRequest request);
}
