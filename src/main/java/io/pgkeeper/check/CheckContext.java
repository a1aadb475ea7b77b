package io.pgkeeper.check;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.repository.Backup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What every probe of one check run shares.
 *
 * @param physical whether the cluster uses physical backups (a basebackup is scheduled, or base
 *     backups or archived WAL exist): their settings then fail instead of warning
 * @param completed the completed backups, oldest first; empty when the repository cannot be read
 * @param archiveTimeout how long the archiving probe waits for the switched segment
 */
record CheckContext(RunContext ctx, Path policyFile, boolean physical, List<Backup> completed, Duration archiveTimeout) {

    CheckContext withPhysical() {
        return new CheckContext(ctx, policyFile, true, completed, archiveTimeout);
    }

    String cluster() {
        return ctx.cluster().name();
    }

    String serverUser() {
        return ctx.cluster().osUser();
    }
}
