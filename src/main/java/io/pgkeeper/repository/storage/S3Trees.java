package io.pgkeeper.repository.storage;

import io.pgkeeper.objectstore.ObjectInfo;
import io.pgkeeper.objectstore.ObjectWriter;
import io.pgkeeper.objectstore.PutResult;
import io.pgkeeper.error.PgKeeperException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/** Whole trees between local disk and the bucket: a staged backup uploaded, a stored one downloaded. */
final class S3Trees {
    private S3Trees() {}

    /**
     * Uploads every file below {@code staged} to {@code dir/<relative path>}, each as a streaming
     * (multipart) upload whose parts carry their CRC32C, and checks that the store holds the size
     * that was read. Memory is one part buffer whatever the file's size.
     */
    static void upload(S3Storage storage, Path staged, String dir) throws IOException {
        List<Path> regular;
        try (Stream<Path> walk = Files.walk(staged)) {
            regular = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : regular) {
            String key = S3Storage.dirKey(dir) + staged.relativize(file).toString();
            long size = Files.size(file);
            PutResult r;
            try {
                r = storage.call(() -> {
                    try (InputStream in = Files.newInputStream(file); ObjectWriter w = storage.store().create(key, true)) {
                        in.transferTo(w);
                        return w.commit();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            if (r.size() != size) {
                throw PgKeeperException.failed("uploaded " + r.size() + " bytes to " + storage.describe(key) + " but " + file + " has "
                        + size + ": it changed while it was uploaded", null);
            }
        }
    }

    /**
     * Downloads every object below {@code dir} (the reservation marker aside) into {@code into},
     * checking each file's size against the listing, and returns a tree that deletes the copy
     * when closed. A full disk under the state directory fails naming it; what was copied is removed.
     */
    static LocalTree download(S3Storage storage, String dir, Path into, java.util.function.Predicate<String> wanted) throws IOException {
        storage.files().mkdirs(into, storage.serverUser());
        LocalTree tree = new Copy(into);
        boolean ok = false;
        try {
            String base = S3Storage.dirKey(dir);
            for (ObjectInfo o : storage.call(() -> storage.store().walk(base))) {
                String rel = o.key().substring(base.length());
                if (rel.isEmpty() || rel.equals(S3Storage.RESERVED) || !wanted.test(rel)) {
                    continue;
                }
                Path target = into.resolve(rel).normalize();
                if (!target.startsWith(into)) {
                    throw PgKeeperException.failed("refusing to download " + storage.describe(o.key()) + " outside " + into, null);
                }
                storage.files().mkdirs(target.getParent(), storage.serverUser());
                storage.files().newFile(target); // 0600 before the first byte
                long copied;
                try (InputStream in = storage.open(o.key());
                        OutputStream out = Files.newOutputStream(target, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                    copied = in.transferTo(out);
                }
                if (copied != o.size()) {
                    throw PgKeeperException.failed("downloaded " + copied + " bytes of " + storage.describe(o.key()) + " but the store lists "
                            + o.size(), "run again; if it persists, the object is damaged in the store");
                }
            }
            ok = true;
            return tree;
        } catch (IOException e) {
            throw storage.failure("downloading " + storage.describe(dir) + " into " + into, e, "free space under repository.stateDir");
        } finally {
            if (!ok) {
                tree.close();
            }
        }
    }

    /** The log read, the record added, the whole written back (see {@link S3Storage#append}). */
    private static final int APPEND_TRIES = 10;

    static void append(S3Storage storage, String key, byte[] record) throws IOException {
        // two runs on this host (two verifies) take turns here; a run on another host (a verify reading
        // from there, docs/storage.md) is kept apart by the conditional write
        Path lock = storage.localDir("tmp", "").resolve(".append.lock");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                java.nio.channels.FileLock held = ch.lock()) {
            appendLocked(storage, key, record);
        }
    }

    /**
     * One read-modify-write, made conditional on the version read (If-Match on its entity tag, or
     * If-None-Match when there was none), so that a writer on another host (a verify run there)
     * cannot be overwritten: the loser reads again and retries. A try whose write reached the store
     * but whose answer was lost may add its record twice, which a reader of the log tolerates (one
     * verify run said twice); it never drops one.
     */
    private static void appendLocked(S3Storage storage, String key, byte[] record) throws IOException {
        for (int attempt = 1; attempt <= APPEND_TRIES; attempt++) {
            java.util.Optional<ObjectInfo> now = storage.call(() -> storage.store().head(key));
            byte[] old = new byte[0];
            if (now.isPresent()) {
                try (InputStream in = storage.open(key)) {
                    old = in.readAllBytes();
                } catch (java.nio.file.NoSuchFileException e) {
                    continue; // deleted since the HEAD: read again
                }
            }
            byte[] all = new byte[old.length + record.length];
            System.arraycopy(old, 0, all, 0, old.length);
            System.arraycopy(record, 0, all, old.length, record.length);
            boolean written = now.isPresent() ? storage.call(() -> storage.store().replaceIf(key, all, now.get().etag()))
                    : storage.call(() -> storage.store().put(key, all, false));
            if (written) {
                return;
            }
        }
        throw PgKeeperException.failed("another writer replaced " + storage.describe(key) + " " + APPEND_TRIES
                + " times while this run appended its record to it", "run again; two hosts must not write one prefix at the same time (docs/storage.md)");
    }

    /** Removes the copies below {@code local} whose run has ended ({@code <pid>-<unique>}, the pid gone): a killed restore's. */
    static void sweep(Path local) {
        try (Stream<Path> dirs = Files.list(local)) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                String name = d.getFileName().toString();
                int dash = name.indexOf('-');
                if (dash > 0 && name.substring(0, dash).matches("[0-9]+")
                        && ProcessHandle.of(Long.parseLong(name.substring(0, dash))).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                PosixTrees.deleteAll(d);
            }
        } catch (IOException | UncheckedIOException e) {
            // a copy left now is removed by a later run; it never stands in for the stored backup
        }
    }

    /** A downloaded copy: removed when closed. */
    private record Copy(Path dir) implements LocalTree {
        @Override
        public void close() {
            try {
                PosixTrees.deleteAll(dir);
            } catch (IOException | UncheckedIOException e) {
                // a left copy under stateDir/local is removed by hand or by the next run's sweep; it holds no secret of the store
            }
        }
    }
}
