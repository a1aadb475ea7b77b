package io.pgkeeper.policy;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One PostgreSQL cluster pgkeeper backs up.
 *
 * @param osUser the OS user that owns the cluster's data directory; servers pgkeeper starts for
 *     this cluster run as this user when pgkeeper runs as root
 * @param pgdata the cluster's data directory on this host, when pgkeeper runs beside the server
 */
public record ClusterPolicy(
        String name,
        ConnectionPolicy connection,
        Optional<Path> binDir,
        String osUser,
        LogicalPolicy logical,
        VerifyPolicy verify,
        RetentionPolicy retention,
        TimeoutPolicy timeouts,
        Optional<Path> pgdata,
        PhysicalPolicy physical,
        ArchivePolicy archive,
        SchedulePolicy schedule,
        ObjectivesPolicy objectives) {

    /** A cluster with nothing scheduled and no objectives. */
    public ClusterPolicy(String name, ConnectionPolicy connection, Optional<Path> binDir, String osUser, LogicalPolicy logical,
            VerifyPolicy verify, RetentionPolicy retention, TimeoutPolicy timeouts, Optional<Path> pgdata, PhysicalPolicy physical,
            ArchivePolicy archive) {
        this(name, connection, binDir, osUser, logical, verify, retention, timeouts, pgdata, physical, archive, SchedulePolicy.none(),
                ObjectivesPolicy.none());
    }
}
