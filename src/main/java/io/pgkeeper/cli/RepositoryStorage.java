package io.pgkeeper.cli;

import io.pgkeeper.policy.EncryptionPolicy;
import io.pgkeeper.policy.RepositoryPolicy;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.repository.storage.AgeKeys;
import io.pgkeeper.repository.storage.EncryptedStorage;
import io.pgkeeper.repository.storage.PosixStorage;
import io.pgkeeper.repository.storage.Storage;
import io.pgkeeper.util.OsIdentity;
import io.pgkeeper.util.SecureFiles;
import java.time.Clock;
import java.util.Optional;

/**
 * The repository's storage as the policy describes it: a local directory, wrapped by the
 * encrypting storage when {@code repository.encryption} is set. The encryption is set up (the
 * recipients, a probe of the JVM's algorithms) before the repository exists, so that a run that
 * cannot encrypt fails (exit 1) having written nothing.
 */
final class RepositoryStorage {
    private RepositoryStorage() {}

    static Repository open(RepositoryPolicy policy, Optional<String> serverUser, OsIdentity os, Clock clock) {
        Storage storage = new PosixStorage(policy.path(), serverUser, os);
        if (policy.encryption().isPresent()) {
            EncryptionPolicy e = policy.encryption().get();
            storage = new EncryptedStorage(storage, new AgeKeys(e.recipients(), e.identityFile()), policy.state(), new SecureFiles(os));
        }
        return new Repository(policy.path(), storage, serverUser, os, clock);
    }
}
