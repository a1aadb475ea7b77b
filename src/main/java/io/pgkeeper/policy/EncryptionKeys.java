package io.pgkeeper.policy;

import java.nio.file.Path;
import java.util.List;

/** {@code repository.encryption}: client-side encryption of everything written to the repository, in the age format. */
final class EncryptionKeys {
    static final Key<List<String>> RECIPIENTS = Key.value("recipients", ValueTypes.TEXT_LIST,
            "The age public keys (`age1...`, from `age-keygen -y IDENTITY_FILE`) every backup, WAL segment and manifest is"
            + " encrypted to. Public keys only: a host that writes backups needs no secret. Add a recipient to rotate keys"
            + " (see [encryption.md](encryption.md#rotation)).").required();
    static final Key<Path> IDENTITY_FILE = Key.value("identityFile", ValueTypes.PATH,
            "The age identity file (`age-keygen -o FILE`, one `AGE-SECRET-KEY-1...` per line) that `restore`, `verify` and"
            + " `archive get` decrypt with; read only by them, refused when its group or every user may read it."
            + " A relative path is taken from the policy file's directory.")
            .unset("no identity: backups can be written, listed and pruned, not restored or verified");

    static final Section SECTION = Section.of("Client-side encryption in the age format (see [encryption.md](encryption.md)).",
            RECIPIENTS, IDENTITY_FILE);

    private EncryptionKeys() {}
}
