package io.pgkeeper.policy;

import io.pgkeeper.archive.Compression;
import java.util.Optional;

/**
 * How {@code archive push} stores WAL (compressed only when the policy says so), and how the
 * server calls pgkeeper back.
 *
 * @param launcher the pgkeeper command the server runs in restore_command after a restore; the
 *     server's environment rarely has the PATH of the shell that ran the restore
 */
public record ArchivePolicy(Compression compress, Optional<String> launcher) {

    public static ArchivePolicy defaults() {
        return new ArchivePolicy(ArchiveKeys.COMPRESS.defaultValue(), Optional.empty());
    }
}
