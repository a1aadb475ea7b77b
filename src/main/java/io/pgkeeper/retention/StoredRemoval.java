package io.pgkeeper.retention;

import io.pgkeeper.repository.Repository;
import io.pgkeeper.repository.RepositoryLayout;
import io.pgkeeper.repository.storage.PosixStorage;
import io.pgkeeper.repository.storage.Storage;
import io.pgkeeper.repository.storage.StoredEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prune's deletions on whatever storage the repository is on. POSIX: the rename to
 * {@code <id>.deleting} first ({@link PruneRemoval}) and the WAL files by path ({@link PruneWal}).
 * An object store cannot rename, so a backup is removed manifest first: a marker object
 * ({@link RepositoryLayout#DELETING_MARK}), then the manifest (from here on it is no backup), then
 * every object. A crash at any point leaves either the whole backup or a marked leftover that the
 * catalog reports as {@code <id>.deleting} and the next prune finishes without waiting for grace.
 */
final class StoredRemoval {
    private StoredRemoval() {}

    static void remove(Repository repository, Path dir) throws IOException {
        if (repository.storage() instanceof PosixStorage) {
            PruneRemoval.remove(dir);
            return;
        }
        String key = repository.key(dir);
        if (key.endsWith(PruneInputs.LEFTOVER_SUFFIX)) {
            key = key.substring(0, key.length() - PruneInputs.LEFTOVER_SUFFIX.length());
        }
        Storage storage = repository.storage();
        storage.put(key + "/" + RepositoryLayout.DELETING_MARK, new byte[0]);
        storage.delete(RepositoryLayout.manifest(key));
        storage.deleteAll(key);
    }

    static List<String> expiredWal(Repository repository, Path walDir, String keepFrom) throws IOException {
        if (repository.storage() instanceof PosixStorage) {
            return PruneWal.expired(walDir, keepFrom);
        }
        List<String> names = new ArrayList<>();
        for (StoredEntry e : repository.storage().list(repository.key(walDir), "")) {
            if (!e.directory()) {
                names.add(e.name());
            }
        }
        return WalExpiry.deletable(names, keepFrom);
    }

    static List<String> deleteWal(Repository repository, Path walDir, String keepFrom) throws IOException {
        if (repository.storage() instanceof PosixStorage) {
            return PruneWal.delete(walDir, keepFrom);
        }
        List<String> deleted = new ArrayList<>();
        String walKey = repository.key(walDir);
        for (String name : expiredWal(repository, walDir, keepFrom)) {
            if (repository.storage().delete(walKey + "/" + name)) {
                deleted.add(name);
            }
        }
        return deleted;
    }
}
