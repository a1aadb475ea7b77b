package io.pgkeeper.restore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A physical restore into {@code pgdata}. Without a backup id, a target time picks the newest
 * base backup that finished before it; otherwise the latest is used.
 *
 * @param port written into the restored configuration, so a copy can start beside the original
 * @param archive keep the backup's archiving settings, for a copy that replaces the primary; a
 *     side copy (the default) gets archive_mode = off, so it never pushes its new timeline into
 *     the archive the original still uses
 * @param tablespaceMap where tablespaces go instead of the directories they had on the source
 * @param standby make a replica: standby.signal and primary_conninfo, no promotion
 * @param primaryConninfo the replica's primary; the policy's connection when empty
 */
public record PhysicalRestoreRequest(Optional<String> backupId, Path pgdata, RecoveryTarget target, boolean force, boolean start,
        Optional<Integer> port, boolean archive, List<TablespaceMapping> tablespaceMap, boolean standby, Optional<String> primaryConninfo,
        Duration lockWait) {

    public PhysicalRestoreRequest {
        tablespaceMap = List.copyOf(tablespaceMap);
    }

    /** A side copy or a replacement, without tablespace mappings and not a replica. */
    public PhysicalRestoreRequest(Optional<String> backupId, Path pgdata, RecoveryTarget target, boolean force, boolean start,
            Optional<Integer> port, boolean archive, Duration lockWait) {
        this(backupId, pgdata, target, force, start, port, archive, List.of(), false, Optional.empty(), lockWait);
    }
}
