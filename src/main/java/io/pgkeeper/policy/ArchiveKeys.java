package io.pgkeeper.policy;

import io.pgkeeper.archive.Compression;

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

    static final Section SECTION = Section.of(
            "How `archive push` stores each WAL segment, and how a restored server calls pgkeeper back.",
            COMPRESS, LAUNCHER);

    private ArchiveKeys() {}
}
