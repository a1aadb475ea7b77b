package io.pgkeeper.archive;

import io.pgkeeper.repository.storage.Storage;
import io.pgkeeper.repository.storage.StoredEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The naming of the WAL archive: a WAL file {@code N} is stored as {@code wal/N-<sha256>[.gz|.zst]}
 * ({@link ArchivedFile}), so finding it is a listing by the prefix {@code N-}, which an object
 * store answers as cheaply as a directory.
 */
final class WalIndex {
    private final Storage storage;
    private final String walKey;

    WalIndex(Storage storage, String walKey) {
        this.storage = storage;
        this.walKey = walKey;
    }

    /** The key a stored file of that name has. */
    String key(String storedName) {
        return walKey + "/" + storedName;
    }

    String key(ArchivedFile f) {
        return key(f.path().getFileName().toString());
    }

    /** The archived file for a WAL name, if any. */
    Optional<ArchivedFile> find(String walName) throws IOException {
        List<ArchivedFile> all = findAll(walName);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** Every stored file for a WAL name, by stored name: one, except in a push race or when compression changed. */
    List<ArchivedFile> findAll(String walName) throws IOException {
        List<ArchivedFile> out = new ArrayList<>();
        for (StoredEntry e : storage.list(walKey, walName + "-")) {
            Optional<ArchivedFile> f = of(e);
            if (f.isPresent() && f.get().walName().equals(walName)) {
                out.add(f.get());
            }
        }
        return out;
    }

    /** Every archived file, by WAL name. */
    List<ArchivedFile> list() throws IOException {
        List<ArchivedFile> out = new ArrayList<>();
        for (StoredEntry e : storage.list(walKey, "")) {
            of(e).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(ArchivedFile::walName));
        return out;
    }

    /**
     * Every archived file with the time the storage gives its entry, from the same one listing: an
     * object store returns each key's time with the list, so this costs no request per file.
     */
    List<ArchivedAt> listWithTimes() throws IOException {
        List<ArchivedAt> out = new ArrayList<>();
        for (StoredEntry e : storage.list(walKey, "")) {
            of(e).ifPresent(f -> out.add(new ArchivedAt(f, e.lastModified())));
        }
        out.sort(Comparator.comparing(a -> a.file().walName()));
        return out;
    }

    /** The stored file under {@code key}, which the caller just wrote. */
    ArchivedFile file(String key) {
        Optional<ArchivedFile> f = ArchivedFile.of(location(key));
        if (f.isEmpty()) {
            throw new IllegalArgumentException(key + " is not an archived file's name");
        }
        return f.get();
    }

    private Optional<ArchivedFile> of(StoredEntry e) {
        return e.directory() ? Optional.empty() : ArchivedFile.of(location(e.key()));
    }

    private Path location(String key) {
        return Path.of(storage.describe(key));
    }
}
