package io.pgkeeper.repository.storage;

import io.pgkeeper.crypto.AgeDecryptor;
import io.pgkeeper.crypto.AgeEncryptor;
import io.pgkeeper.crypto.AgeException;
import io.pgkeeper.crypto.AgeIdentity;
import io.pgkeeper.crypto.AgeIdentityFile;
import io.pgkeeper.crypto.AgeRecipient;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The keys of an encrypted repository for one run: the encryptor, built (and its algorithms
 * probed) before anything is written, and the identity file, read only on the first decryption,
 * so that a host that only writes backups never needs it. Per run, never shared.
 */
public final class AgeKeys {
    private final AgeEncryptor encryptor;
    private final Optional<Path> identityFile;
    private AgeDecryptor decryptor;
    private List<AgeIdentity> identities;

    /** @throws AgeException when a recipient is unusable or this JVM cannot do age: nothing has been written */
    public AgeKeys(List<AgeRecipient> recipients, Optional<Path> identityFile) {
        this.encryptor = AgeEncryptor.to(recipients);
        this.identityFile = identityFile;
    }

    public AgeEncryptor encryptor() {
        return encryptor;
    }

    public List<AgeRecipient> recipients() {
        return encryptor.recipients();
    }

    public Optional<Path> identityFile() {
        return identityFile;
    }

    /** The decryptor; reads the identity file the first time. Fails (exit 1) naming the file when it cannot. */
    public synchronized AgeDecryptor decryptor() {
        if (decryptor == null) {
            decryptor = AgeDecryptor.with(identities());
        }
        return decryptor;
    }

    /** The identities of the identity file (read once). */
    public synchronized List<AgeIdentity> identities() {
        if (identities == null) {
            Path file = identityFile.orElseThrow(() -> new AgeException(AgeException.Reason.KEYS,
                    "the repository is encrypted and repository.encryption.identityFile is not set: nothing can be decrypted",
                    "set repository.encryption.identityFile to the age identity (age-keygen -o FILE) of one of the recipients;"
                            + " restore, verify and archive get need it", null));
            identities = AgeIdentityFile.read(file);
        }
        return identities;
    }

    /** Whether an identity is configured here at all (list and check show more with one). */
    public boolean canDecrypt() {
        return identityFile.isPresent();
    }
}
