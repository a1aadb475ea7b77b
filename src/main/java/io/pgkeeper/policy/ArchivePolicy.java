package io.pgkeeper.policy;

import io.pgkeeper.archive.Compression;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How {@code archive push} stores WAL (compressed only when the policy says so), and how the
 * server calls pgkeeper back.
 *
 * @param launcher the pgkeeper command the server runs in restore_command after a restore; the
 *     server's environment rarely has the PATH of the shell that ran the restore
 * @param async push through the spool's background worker, and read ahead on get
 * @param processMax parallel pushes (or fetches) of the worker
 * @param spoolDir the spool, when the policy names one (else under the repository)
 * @param getQueueSize bytes of WAL fetched ahead during recovery; 0: no read-ahead
 * @param backlogWarning bytes of WAL waiting in pg_wal beyond which the operator is told
 */
public record ArchivePolicy(Compression compress, Optional<String> launcher, boolean async, int processMax, Optional<Path> spoolDir,
        long getQueueSize, long backlogWarning) {

    /** Synchronous archiving with the other settings at their defaults. */
    public ArchivePolicy(Compression compress, Optional<String> launcher) {
        this(compress, launcher, ArchiveKeys.ASYNC.defaultValue(), ArchiveKeys.PROCESS_MAX.defaultValue(), Optional.empty(),
                ArchiveKeys.GET_QUEUE_SIZE.defaultValue(), ArchiveKeys.BACKLOG_WARNING.defaultValue());
    }

    public static ArchivePolicy defaults() {
        return new ArchivePolicy(ArchiveKeys.COMPRESS.defaultValue(), Optional.empty());
    }

    /** Whether recovery reads ahead through the spool. */
    public boolean readAhead() {
        return async && getQueueSize > 0;
    }
}
