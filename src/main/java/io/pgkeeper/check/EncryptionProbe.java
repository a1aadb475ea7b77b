package io.pgkeeper.check;

import io.pgkeeper.crypto.AgeIdentity;
import io.pgkeeper.crypto.AgeRecipient;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.Manifest;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.repository.storage.EncryptedStorage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An encrypted repository: whether the identity file here opens what is retained. Each
 * manifest's plaintext header names the recipients its backup was encrypted to; a backup
 * encrypted to none of the identities configured here cannot be restored with them (a rotation
 * that dropped the old identity too early), which is a warning naming the backups.
 */
final class EncryptionProbe {
    private EncryptionProbe() {}

    static void run(CheckContext cc, List<Finding> out) {
        Repository repo = cc.ctx().repository();
        if (!(repo.storage() instanceof EncryptedStorage enc)) {
            return;
        }
        String recipients = enc.keys().recipients().stream().map(AgeRecipient::encoded).collect(Collectors.joining(", "));
        if (enc.keys().identityFile().isEmpty()) {
            out.add(Finding.ok("encryption", "backups and WAL are encrypted to " + recipients + "; no identity on this host, so it"
                    + " writes backups but cannot restore or verify them (repository.encryption.identityFile)"));
            return;
        }
        Set<String> mine;
        try {
            mine = enc.keys().identities().stream().map(AgeIdentity::recipient).map(AgeRecipient::encoded).collect(Collectors.toSet());
        } catch (PgKeeperException e) {
            out.add(Finding.fail("encryption identity", e.getMessage(), e.hint().orElse(null)));
            return;
        }
        List<String> unreadable = new ArrayList<>();
        for (Backup b : cc.completed()) {
            String key = repo.key(b.dir()) + "/" + Manifest.FILE_NAME;
            try {
                Optional<List<String>> sealed = enc.recipientsOf(key);
                if (sealed.isEmpty()) {
                    continue; // taken before encryption was turned on: no key needed
                }
                List<String> to = sealed.get();
                if (to.stream().noneMatch(mine::contains)) {
                    unreadable.add(b.id() + " (encrypted to " + String.join(", ", to) + ")");
                }
            } catch (IOException e) {
                unreadable.add(b.id() + " (its manifest cannot be read: " + e.getMessage() + ")");
            }
        }
        if (!unreadable.isEmpty()) {
            out.add(Finding.warn("encryption rotation", unreadable.size() + " retained backup(s) were encrypted to no recipient whose"
                    + " identity is in " + enc.keys().identityFile().get() + ": they cannot be restored with it",
                    "add the old identity to the identity file (one AGE-SECRET-KEY-1... per line) until those backups are pruned"
                            + " (docs/encryption.md, rotation)", unreadable.toArray(String[]::new)));
        } else {
            out.add(Finding.ok("encryption", cc.completed().size() + " retained backup(s), each encrypted to a recipient whose identity"
                    + " is configured here; writing to " + recipients));
        }
    }
}
