package io.pgkeeper.repository.storage;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.objectstore.ObjectInfo;
import io.pgkeeper.objectstore.ObjectStore;
import io.pgkeeper.objectstore.ObjectStoreException;
import io.pgkeeper.objectstore.StoreFailure;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The repository as objects in a bucket of an S3-compatible store, below the policy's prefix,
 * with the same keys a POSIX repository has as paths. What must stay on this host lives under
 * the local state directory: staged trees for tools that write files ({@link #stage}), copies
 * for tools that read them ({@link #local}), temporary files of streaming writes, and (kept by
 * the {@code Repository}, not here) the locks and the archive spool.
 *
 * <p>An object exists whole or not at all (a completed upload), so commit is "the manifest's
 * upload completed" and a conditional write ({@code If-None-Match: *}) gives "exactly one racing
 * writer wins". A "directory" is a key prefix; a reserved backup id is a marker object in it
 * ({@link #RESERVED}). Store failures are {@link ObjectStoreException}s (exit 1, mapped per
 * command by {@code StoreExitCodes}); a credential failure names where the credentials come from
 * ({@link #credentials}), never a value.
 */
public final class S3Storage implements Storage {
    /** The marker object that reserves a directory key for one writer. */
    public static final String RESERVED = ".reserved";

    private final ObjectStore store;
    private final Path stateDir;
    private final Optional<String> serverUser;
    private final SecureFiles files;
    private final S3Fixes failures;
    private boolean probed;

    /**
     * @param stateDir the local state directory (repository.stateDir)
     * @param credentials where the credentials come from, for messages: variable names or a file path
     */
    public S3Storage(ObjectStore store, Path stateDir, Optional<String> serverUser, SecureFiles files, String credentials) {
        this.store = store;
        this.stateDir = stateDir;
        this.serverUser = serverUser;
        this.files = files;
        this.failures = new S3Fixes(store.describe(""), credentials);
    }

    ObjectStore store() {
        return store;
    }

    SecureFiles files() {
        return files;
    }

    Optional<String> serverUser() {
        return serverUser;
    }

    /** A local directory under the state directory, created 0700 (run as root: owned by the server's OS user). */
    Path localDir(String area, String key) {
        Path d = key.isEmpty() ? stateDir.resolve(area) : stateDir.resolve(area).resolve(key);
        try {
            files.mkdirs(d, serverUser);
        } catch (UncheckedIOException e) {
            throw failure("creating " + d + " in repository.stateDir", e.getCause(), "free space under " + stateDir);
        }
        return d;
    }

    @Override
    public String describe(String key) {
        return store.describe(key);
    }

    @Override
    public boolean exists(String dir) {
        return call(() -> !store.list(dirKey(dir), "").isEmpty());
    }

    @Override
    public Optional<StoredEntry> stat(String key) {
        return call(() -> {
            Optional<ObjectInfo> o = key.isEmpty() ? Optional.empty() : store.head(key);
            if (o.isPresent()) {
                return Optional.of(entry(o.get()));
            }
            List<ObjectInfo> below = store.list(dirKey(key), "");
            return below.isEmpty() ? Optional.empty() : Optional.of(new StoredEntry(key, true, 0, java.time.Instant.EPOCH));
        });
    }

    @Override
    public List<StoredEntry> list(String dir, String namePrefix) {
        return call(() -> {
            List<StoredEntry> out = new ArrayList<>();
            for (ObjectInfo o : store.list(dirKey(dir), namePrefix)) {
                out.add(entry(o));
            }
            return out;
        });
    }

    @Override
    public List<StoredEntry> walk(String dir) {
        return call(() -> store.walk(dirKey(dir)).stream().map(S3Storage::entry).sorted().toList());
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return call(() -> store.open(key));
        } catch (ObjectStoreException e) {
            if (e.failure() == StoreFailure.ABSENT) {
                NoSuchFileException absent = new NoSuchFileException(describe(key));
                absent.initCause(e);
                throw absent;
            }
            throw e;
        }
    }

    @Override
    public void put(String key, byte[] content) {
        call(() -> store.put(key, content, true));
    }

    @Override
    public PendingObject create(String dir, String label) {
        return S3Pending.open(this, dir, label);
    }

    @Override
    public PendingObject createFile(String dir, String name) {
        return new S3StreamPending(this, dirKey(dir) + name);
    }

    /**
     * Appends by read-modify-write, written back only if the log is still the version read
     * (If-Match); see {@link S3Trees#append}. A run that dies mid-way leaves the old log whole.
     */
    @Override
    public void append(String key, byte[] record) throws IOException {
        S3Trees.append(this, key, record);
    }

    @Override
    public boolean delete(String key) {
        return call(() -> store.delete(key));
    }

    @Override
    public void deleteAll(String dir) throws IOException {
        Path staged = stateDir.resolve("staging").resolve(dir);
        if (!dir.isEmpty() && java.nio.file.Files.isDirectory(staged)) {
            PosixTrees.deleteAll(staged); // a killed run's staged copy goes with its attempt
        }
        call(() -> {
            store.abortUploads(dirKey(dir));
            return store.deleteAll(dirKey(dir));
        });
    }

    @Override
    public boolean reserve(String dir) {
        return call(() -> store.put(dirKey(dir) + RESERVED, new byte[0], false));
    }

    /**
     * Once per run: the bucket answers and these credentials may write to it (a probe object,
     * written and deleted), so that a backup does not run for an hour before its first upload fails.
     */
    @Override
    public void prepare(String dir) {
        if (probed) {
            return;
        }
        String probe = ".pgkeeper-probe-" + UUID.randomUUID();
        try {
            store.put(probe, "pgkeeper write probe\n".getBytes(StandardCharsets.UTF_8), true);
            store.delete(probe);
        } catch (ObjectStoreException e) {
            throw new ObjectStoreException(e.failure(), "the S3 repository " + describe("") + " cannot be written: " + e.getMessage(),
                    failures.fix(e), e);
        }
        probed = true;
    }

    @Override
    public Path stage(String dir) {
        return localDir("staging", dir);
    }

    @Override
    public void publish(String dir) throws IOException {
        Path staged = stage(dir);
        S3Trees.upload(this, staged, dir);
        PosixTrees.deleteAll(staged);
    }

    @Override
    public LocalTree local(String dir, java.util.function.Predicate<String> wanted) throws IOException {
        Path copies = localDir("local", "");
        S3Trees.sweep(copies);
        return S3Trees.download(this, dir, copies.resolve(ProcessHandle.current().pid() + "-" + UUID.randomUUID()), wanted);
    }

    /** Every completed upload is durable already. */
    @Override
    public void sync(String dir) {
        // nothing to do: an object store acknowledges an upload only once it is stored
    }

    /** Local I/O under the state directory: a full disk there names the state directory. */
    @Override
    public PgKeeperException failure(String doing, IOException e, String diskFullHint) {
        if (IoFailures.diskFull(IoFailures.detail(e))) {
            return IoFailures.of(doing + " (under repository.stateDir " + stateDir + ")", e, "free space under " + stateDir
                    + " (staging and restore copies need room for one backup); nothing was stored");
        }
        return IoFailures.of(doing, e, diskFullHint);
    }

    /** Runs a store call; a credential failure is said again with where the credentials come from. */
    <T> T call(java.util.function.Supplier<T> request) {
        return failures.call(request);
    }

    static String dirKey(String dir) {
        return dir.isEmpty() ? "" : dir + "/";
    }

    private static StoredEntry entry(ObjectInfo o) {
        if (o.commonPrefix()) {
            String k = o.key().endsWith("/") ? o.key().substring(0, o.key().length() - 1) : o.key();
            return new StoredEntry(k, true, 0, java.time.Instant.EPOCH);
        }
        return new StoredEntry(o.key(), false, o.size(), o.lastModified());
    }
}
