package io.pgkeeper.repository.storage;

import java.nio.file.Path;

/**
 * A stored tree made readable by tools that only read local files (pg_restore, tar,
 * pg_verifybackup). For a POSIX repository without encryption it is the repository's own
 * directory and closing it does nothing; an object store or an encrypted repository downloads
 * (and decrypts) the tree into the state directory, checking every file against the manifest's
 * plaintext sha256, and closing the handle deletes that copy.
 */
public interface LocalTree extends AutoCloseable {

    /** The local directory holding the plaintext files, at the paths the manifest names. */
    Path dir();

    /** Removes the local copy when there is one; never fails (a left copy is removed by the next run). */
    @Override
    void close();

    /** A tree that is already local: nothing to fetch, nothing to remove. */
    static LocalTree inPlace(Path dir) {
        return new LocalTree() {
            @Override
            public Path dir() {
                return dir;
            }

            @Override
            public void close() {
                // nothing was copied
            }
        };
    }
}
