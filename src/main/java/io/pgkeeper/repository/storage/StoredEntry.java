package io.pgkeeper.repository.storage;

import java.time.Instant;

/**
 * An object or a directory (a common key prefix) of a {@link Storage}.
 *
 * @param key the full key, relative to the repository
 * @param lastModified when the object was last written; for a directory, the time the storage
 *     reports for it (POSIX: its mtime), or the epoch when it has none
 */
public record StoredEntry(String key, boolean directory, long size, Instant lastModified) implements Comparable<StoredEntry> {

    /** By key: listings come sorted by name. */
    @Override
    public int compareTo(StoredEntry other) {
        return key.compareTo(other.key);
    }

    /** The last part of the key: a file or directory name. */
    public String name() {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? key : key.substring(slash + 1);
    }
}
