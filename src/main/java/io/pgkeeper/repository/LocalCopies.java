package io.pgkeeper.repository;

import io.pgkeeper.repository.storage.LocalTree;
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
    private final List<LocalTree> trees = new ArrayList<>();

    public LocalCopies(Repository repository) {
        this.repository = repository;
    }

    /** The backup with its files on local disk; a download that fails says what and why (a full state directory named). */
    public Backup of(Backup backup) {
        String key = repository.key(backup.dir());
        try {
            LocalTree tree = repository.storage().local(key);
            trees.add(tree);
            return new Backup(tree.dir(), backup.manifest());
        } catch (IOException e) {
            throw repository.storage().failure("copying backup " + backup.id() + " from " + repository.storage().describe(key)
                    + " to local disk", e, "free space under repository.stateDir: a restore or verify needs room for one backup there");
        }
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
        for (LocalTree t : trees) {
            t.close();
        }
        trees.clear();
    }
}
