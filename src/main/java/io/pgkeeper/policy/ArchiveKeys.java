package io.pgkeeper.policy;

import io.pgkeeper.archive.Compression;
import java.nio.file.Path;

/** {@code clusters.<name>.archive}: WAL archiving, {@code archive_command} and {@code restore_command}. */
final class ArchiveKeys {
    static final Key<Compression> COMPRESS = Key.value("compress",
            ValueTypes.names(Compression.NONE, Compression.GZIP, Compression.ZSTD),
            "How `archive push` stores WAL; `archive get` reads any of them.").byDefault(Compression.NONE);
    static final Key<String> LAUNCHER = Key.value("launcher", ValueTypes.TEXT,
            "The pgkeeper command written into `archive_command` and `restore_command` (`archive command-line`,"
            + " `check`, a restore) and into the `schedule`. Set it only for another command than the one you run"
            + " (a wrapper, another path on the host of a restore): it wins.")
            .unset("the launcher that runs pgkeeper (`$PGKEEPER_LAUNCHER`: `/usr/bin/pgkeeper` installed,"
                    + " `scripts/pgkeeper` in a checkout), else `pgkeeper`");
    static final Key<Boolean> ASYNC = Key.value("async", ValueTypes.BOOLEAN,
            "Archive through a spool, as pgBackRest's `archive-async` does: a background worker pushes the segments"
            + " waiting in `pg_wal/archive_status`, `processMax` at a time, each as durably as a synchronous push, and"
            + " `archive push` exits 0 once the worker has acknowledged its segment. `archive get` reads ahead into the"
            + " spool during recovery (`getQueueSize`). Put the `--spool` option that `archive command-line` prints"
            + " into `archive_command`, so that an acknowledged segment is answered without starting Java. With"
            + " `physical.engine: pgbackrest` set pgBackRest's own `archive-async` instead."
            + " See [archive.md](archive.md#asynchronous-archiving).").byDefault(false);
    static final Key<Integer> PROCESS_MAX = Key.value("processMax", ValueTypes.wholeNumber(1, 32),
            "With `async`: how many segments the background worker pushes, or fetches ahead, at a time.").byDefault(2);
    static final Key<Path> SPOOL_DIR = Key.value("spoolDir", ValueTypes.PATH,
            "With `async`: the spool (acknowledgements, error records, the worker's lock and log, the read-ahead"
            + " queue). Local to the host; the server's OS user must own it.")
            .unset("`<repository.path>/<cluster>/spool`");
    static final Key<Long> GET_QUEUE_SIZE = Key.value("getQueueSize", ValueTypes.SIZE,
            "With `async`: how much WAL `archive get` fetches ahead of recovery into the spool; `0` turns read-ahead off.")
            .byDefault(256L << 20);
    static final Key<Long> BACKLOG_WARNING = Key.value("backlogWarning", ValueTypes.SIZE,
            "With `async`: when the WAL waiting in `pg_wal` to be archived grows past this, `status` and `check` warn,"
            + " the metrics file says so and the `onFailure` notifiers are told (once, and `onRecovery` when it is"
            + " back under half). WAL is never dropped.").byDefault(1L << 30);

    static final Section SECTION = Section.of(
            "How `archive push` stores each WAL segment, and how a restored server calls pgkeeper back.",
            COMPRESS, LAUNCHER, ASYNC, PROCESS_MAX, SPOOL_DIR, GET_QUEUE_SIZE, BACKLOG_WARNING);

    private ArchiveKeys() {}
}
