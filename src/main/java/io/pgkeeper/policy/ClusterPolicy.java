package io.pgkeeper.policy;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One PostgreSQL cluster pgkeeper backs up.
 *
 * @param osUser the OS user that owns the cluster's data directory; servers pgkeeper starts for
 *     this cluster run as this user when pgkeeper runs as root
 */
public record ClusterPolicy(
        String name,
        ConnectionPolicy connection,
        Optional<Path> binDir,
        String osUser,
        LogicalPolicy logical,
        VerifyPolicy verify,
        RetentionPolicy retention,
        TimeoutPolicy timeouts) {}
