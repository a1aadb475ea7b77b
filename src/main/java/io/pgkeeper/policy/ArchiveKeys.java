package io.pgkeeper.policy;

import io.pgkeeper.archive.Compression;

/** {@code clusters.<name>.archive}: WAL archiving, {@code archive_command} and {@code restore_command}. */
final class ArchiveKeys {
    static final Key<Compression> COMPRESS = Key.value("compress",
            ValueTypes.names(Compression.NONE, Compression.GZIP, Compression.ZSTD),
            "How `archive push` stores WAL; `archive get` reads any of them.").byDefault(Compression.NONE);
    static final Key<String> LAUNCHER = Key.value("launcher", ValueTypes.TEXT,
            "The pgkeeper command a restored server runs in `restore_command`, e.g. `/usr/local/bin/pgkeeper`: the"
            + " server's environment rarely has the PATH of the shell that ran the restore.")
            .unset("`$PGKEEPER_LAUNCHER`, else `pgkeeper`");

    static final Section SECTION = Section.of(
            "How `archive push` stores each WAL segment, and how a restored server calls pgkeeper back.",
            COMPRESS, LAUNCHER);

    private ArchiveKeys() {}
}
