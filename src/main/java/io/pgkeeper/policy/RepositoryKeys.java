package io.pgkeeper.policy;

import java.nio.file.Path;

/** {@code repository}: where backups are stored. */
final class RepositoryKeys {
    static final Key<RepositoryPolicy.Type> TYPE = Key.value("type", ValueTypes.names(RepositoryPolicy.Type.POSIX, RepositoryPolicy.Type.S3),
            "`posix`: a directory (`path`); `s3`: a bucket of an S3-compatible store (`s3`), with local state in `stateDir`."
            + " See [storage.md](storage.md).").byDefault(RepositoryPolicy.Type.POSIX);
    static final Key<Path> PATH = Key.value("path", ValueTypes.PATH,
            "With `type: posix` (required): the directory backups are stored in; a relative path is taken from the policy"
            + " file's directory.");
    static final Key<Path> STATE_DIR = Key.value("stateDir", ValueTypes.PATH,
            "With `type: s3` (required): a local directory for what stays on this host: locks, the archive spool,"
            + " backups being staged for upload, and the copies restore and verify download.");
    static final Key<Void> S3 = Key.block("s3", S3Keys.SECTION, "With `type: s3` (required): the bucket and how to reach it.");

    static final Section SECTION = Section.of("Where pgkeeper stores backups and the WAL archive.", TYPE, PATH, STATE_DIR, S3);

    private RepositoryKeys() {}
}
