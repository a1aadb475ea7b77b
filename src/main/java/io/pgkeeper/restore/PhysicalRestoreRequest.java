package io.pgkeeper.restore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A physical restore into {@code pgdata}. Without a backup id, a target time picks the newest
 * base backup that finished before it; otherwise the latest is used.
 *
 * @param port written into the restored configuration, so a copy can start beside the original
 * @param noArchive set archive_mode = off, so a side copy never pushes its new timeline into the
 *     archive the original still uses
 */
public record PhysicalRestoreRequest(Optional<String> backupId, Path pgdata, RecoveryTarget target, boolean force, boolean start,
        Optional<Integer> port, boolean noArchive, Duration lockWait) {}
