package io.pgkeeper.policy;

import java.nio.file.Path;

/** {@code repository}: where backups are stored. */
final class RepositoryKeys {
    static final Key<Path> PATH = Key.value("path", ValueTypes.PATH,
            "The directory backups are stored in; a relative path is taken from the policy file's directory.").required();
    static final Key<Path> STATE_DIR = Key.value("stateDir", ValueTypes.PATH,
            "A local directory outside the repository for what must stay on this host: with `encryption`, the plaintext"
            + " staging of a backup before it is encrypted into the repository and the decrypted copy a restore or verify"
            + " reads (removed when the run ends); 0700. A relative path is taken from the policy file's directory.")
            .unset("`<repository.path>.state`, beside the repository (used only with `encryption`)");
    static final Key<Void> ENCRYPTION = Key.block("encryption", EncryptionKeys.SECTION,
            "Encrypt every backup, WAL segment and manifest on this host before it reaches the repository, in the age"
            + " format. See [encryption.md](encryption.md).");

    static final Section SECTION = Section.of("Where pgkeeper stores backups and the WAL archive.", PATH, STATE_DIR, ENCRYPTION);

    private RepositoryKeys() {}
}
