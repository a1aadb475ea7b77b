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
            "A local directory for what stays on this host. With `type: s3` (required): locks, the archive spool,"
            + " what cannot stream staged for upload (directory-format dumps, schema and globals files, base backups;"
            + " a custom-format dump streams), and the copies restore and verify download. With `type: posix` (used"
            + " only with `encryption`, outside the repository): the plaintext staging of what cannot stream before it"
            + " is encrypted into the repository and the decrypted copy a restore or verify reads (removed when the run"
            + " ends); 0700. A relative path is taken from the policy file's directory.")
            .unset("with `type: posix`, `<repository.path>.state`, beside the repository");
    static final Key<Void> S3 = Key.block("s3", S3Keys.SECTION, "With `type: s3` (required): the bucket and how to reach it.");
    static final Key<Void> ENCRYPTION = Key.block("encryption", EncryptionKeys.SECTION,
            "Encrypt every backup, WAL segment and manifest on this host before it reaches the repository, in the age"
            + " format. See [encryption.md](encryption.md).");

    static final Section SECTION = Section.of("Where pgkeeper stores backups and the WAL archive.", TYPE, PATH, STATE_DIR, S3, ENCRYPTION);

    private RepositoryKeys() {}
}
