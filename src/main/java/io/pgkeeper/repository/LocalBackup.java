package io.pgkeeper.repository;

import io.pgkeeper.repository.storage.LocalTree;

/**
 * A backup whose files tools can read as local plaintext: in place for a plain POSIX repository,
 * a checked, decrypted copy under the state directory for an encrypted one (its manifest then
 * read whole, with the identity). {@link #backup()} is the backup with {@code dir} pointing at
 * those files; closing removes a copy.
 */
public record LocalBackup(Backup backup, LocalTree tree) implements AutoCloseable {
    @Override
    public void close() {
        tree.close();
    }
}
