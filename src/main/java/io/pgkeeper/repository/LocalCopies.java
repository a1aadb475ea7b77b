package io.pgkeeper.repository;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The backups one run reads with tools that read files (pg_restore, tar, pg_verifybackup), as
 * local trees ({@link io.pgkeeper.repository.storage.Storage#local}): in place on POSIX, a copy
 * under the state directory for an S3 repository. Closing it removes every copy it made.
 *
 * <pre>{@code
 * try (LocalCopies copies = new LocalCopies(repository)) {
 *     Backup local = copies.of(backup);   // local.dir() holds the files; the manifest is the same
 *     ...
 * }
 * }</pre>
 */
public final class LocalCopies implements AutoCloseable {
    private final Repository repository;
    private final List<LocalBackup> trees = new ArrayList<>();

    public LocalCopies(Repository repository) {
        this.repository = repository;
    }

    /**
     * The backup with its files on local disk ({@link Repository#local}: decrypted and checked when
     * the repository is encrypted); a download that fails says what and why.
     */
    public Backup of(Backup backup) {
        LocalBackup local = repository.local(backup);
        trees.add(local);
        return local.backup();
    }

    /** Whether the stored backup still has its manifest (prune may remove it while a copy is read). */
    public boolean stillStored(Backup backup) {
        try {
            return repository.storage().stat(RepositoryLayout.manifest(repository.key(backup.dir()))).isPresent();
        } catch (IOException e) {
            return false; // cannot be seen: not proven there
        }
    }

    @Override
    public void close() {
        for (LocalBackup t : trees) {
            t.close();
        }
        trees.clear();
    }
}
