package io.pgkeeper.engine.pgbackrest;

import java.time.Instant;
import java.util.Optional;

/**
 * One backup as {@code pgbackrest info --output=json} describes it.
 *
 * @param type full, diff or incr
 * @param prior the label of the backup a diff or incr builds on; empty for a full
 * @param sizeBytes the restored size of the database
 * @param repoSizeBytes what the backup and the backups it references occupy in the repository
 * @param deltaBytes what this backup alone added to the repository
 */
public record PgBackRestBackup(
        String label,
        String type,
        Optional<String> prior,
        Instant startedAt,
        Instant finishedAt,
        long sizeBytes,
        long repoSizeBytes,
        long deltaBytes,
        String archiveStart,
        String archiveStop,
        String lsnStart,
        String lsnStop,
        String pgVersion,
        String systemIdentifier,
        boolean error) {}
