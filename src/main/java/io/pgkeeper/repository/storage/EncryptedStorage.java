package io.pgkeeper.repository.storage;

import io.pgkeeper.crypto.AgeException;
import io.pgkeeper.crypto.AgeInputStream;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.util.SecureFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link Storage} that encrypts everything it writes to the storage it wraps (POSIX or an
 * object store) in the age format, and decrypts what it reads. Writing needs the recipients
 * only; reading a backup's files, a WAL segment or a whole manifest needs the identity, read on
 * first use ({@link AgeKeys}). Plaintext never reaches the inner storage: a streamed file (a
 * custom-format dump) is encrypted as it arrives ({@link EncryptedFileWrite}), other files are
 * staged under the state directory; both are stored under opaque names; manifests keep a
 * plaintext header for list, prune and check ({@link SealedManifest}); {@code verify.log}
 * records are sealed whole. Listing, stat and delete pass through unchanged.
 *
 * <p>The one object left in plaintext is the archive identity (the source cluster's system
 * identifier and WAL segment size), so that a push without the key still refuses another
 * cluster's WAL.
 */
public final class EncryptedStorage implements Storage {
    private static final Set<String> PLAIN = Set.of("archive-identity.json");

    private final Storage inner;
    private final AgeKeys keys;
    private final EncryptedTrees trees;
    private final Map<String, List<StoredObject>> published = new HashMap<>();
    /** Files streamed into a tree (parallel dumps register them from their own threads), sealed with its staged files. */
    private final Map<String, List<StoredObject>> streamed = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param stateDir a local directory outside the repository, for staged and decrypted plaintext
     * @param files how that local plaintext is created (0600/0700, owned by this user)
     */
    public EncryptedStorage(Storage inner, AgeKeys keys, Path stateDir, SecureFiles files) {
        this.inner = inner;
        this.keys = keys;
        this.trees = new EncryptedTrees(inner, keys, stateDir, files);
    }

    public AgeKeys keys() {
        return keys;
    }

    private static boolean plain(String key) {
        return PLAIN.contains(key.substring(key.lastIndexOf('/') + 1));
    }

    @Override
    public String describe(String key) {
        return inner.describe(key);
    }

    @Override
    public boolean exists(String dir) {
        return inner.exists(dir);
    }

    @Override
    public Optional<StoredEntry> stat(String key) throws IOException {
        return inner.stat(key);
    }

    @Override
    public List<StoredEntry> list(String dir, String namePrefix) throws IOException {
        return inner.list(dir, namePrefix);
    }

    @Override
    public List<StoredEntry> walk(String dir) throws IOException {
        return inner.walk(dir);
    }

    /**
     * Decrypts, except a manifest, which is whole with a usable identity and its plaintext header
     * (every field list and prune need) without one.
     */
    @Override
    public InputStream open(String key) throws IOException {
        if (plain(key)) {
            return inner.open(key);
        }
        if (SealedManifest.is(key)) {
            return new ByteArrayInputStream(manifest(key));
        }
        if (VerifyLogRecords.is(key)) {
            return new ByteArrayInputStream(VerifyLogRecords.open(inner.open(key), keys));
        }
        java.io.BufferedInputStream stored = new java.io.BufferedInputStream(inner.open(key), 1 << 16);
        try {
            if (!SealedStream.startsWithAge(stored)) {
                return stored; // written before encryption was turned on: read as it is, checked by its reader's sha256
            }
            AgeInputStream in = keys.decryptor().open(stored);
            return new SealedStream(in);
        } catch (IOException | RuntimeException e) {
            stored.close();
            throw e;
        }
    }

    private byte[] manifest(String key) throws IOException {
        byte[] stored;
        try (InputStream in = inner.open(key)) {
            stored = in.readAllBytes();
        }
        if (!SealedManifest.isSealed(stored)) {
            return stored; // a backup taken before encryption was turned on: its files are plaintext, in place
        }
        if (keys.canDecrypt()) {
            try {
                return SealedManifest.open(stored, keys).manifest();
            } catch (AgeException e) {
                if (e.reason() != AgeException.Reason.KEYS && e.reason() != AgeException.Reason.NO_MATCH) {
                    throw e;
                }
                // without a usable identity the header is what list, prune and check read; what needs more
                // (restore, verify) asks for local(), which fails on the identity itself
            }
        }
        return SealedManifest.publicView(stored);
    }

    /** The recipients a stored manifest says its backup was encrypted to (its plaintext header); empty for one taken unencrypted. */
    public Optional<List<String>> recipientsOf(String manifestKey) throws IOException {
        try (InputStream in = inner.open(manifestKey)) {
            byte[] stored = in.readAllBytes();
            return SealedManifest.isSealed(stored) ? Optional.of(SealedManifest.recipients(stored)) : Optional.empty();
        }
    }

    @Override
    public void put(String key, byte[] content) throws IOException {
        if (plain(key)) {
            inner.put(key, content);
        } else if (SealedManifest.is(key)) {
            String dir = key.contains("/") ? key.substring(0, key.lastIndexOf('/')) : "";
            List<StoredObject> objects = published.get(dir);
            if (objects == null) {
                throw new IllegalStateException("the manifest of " + dir + " is written before its files were published");
            }
            inner.put(key, SealedManifest.seal(content, objects, keys));
        } else {
            ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 256);
            try (var enc = keys.encryptor().open(out)) {
                enc.write(content);
            }
            inner.put(key, out.toByteArray());
        }
    }

    @Override
    public PendingObject create(String dir, String label) throws IOException {
        return PLAIN.contains(label) ? inner.create(dir, label) : new EncryptedPending(inner.create(dir, label), keys.encryptor());
    }

    @Override
    public PendingObject createFile(String dir, String name) throws IOException {
        return new EncryptedFileWrite(inner, dir, name, trees.opaqueName(), keys.encryptor(),
                o -> streamed.computeIfAbsent(dir, d -> java.util.Collections.synchronizedList(new java.util.ArrayList<>())).add(o));
    }

    @Override
    public void append(String key, byte[] record) throws IOException {
        inner.append(key, VerifyLogRecords.seal(record, keys));
    }

    @Override
    public boolean delete(String key) throws IOException {
        return inner.delete(key);
    }

    @Override
    public void deleteAll(String dir) throws IOException {
        try {
            streamed.remove(dir);
            trees.discardStage(dir);
        } finally {
            inner.deleteAll(dir);
        }
    }

    @Override
    public boolean reserve(String dir) throws IOException {
        return inner.reserve(dir);
    }

    @Override
    public void prepare(String dir) {
        inner.prepare(dir);
    }

    @Override
    public Path stage(String dir) {
        return trees.prepareStage(dir);
    }

    @Override
    public void publish(String dir) throws IOException {
        List<StoredObject> objects = new java.util.ArrayList<>(streamed.getOrDefault(dir, List.of()));
        objects.addAll(trees.publish(dir));
        published.put(dir, objects);
    }

    @Override
    public LocalTree local(String dir, java.util.function.Predicate<String> wanted) throws IOException {
        byte[] stored;
        try (InputStream in = inner.open(dir + "/manifest.json")) {
            stored = in.readAllBytes();
        } catch (java.nio.file.NoSuchFileException e) {
            throw PgKeeperException.failed(inner.describe(dir) + " has no manifest: it is not a backup", "pgkeeper list shows the backups");
        }
        if (!SealedManifest.isSealed(stored)) {
            return inner.local(dir, wanted); // taken before encryption was turned on
        }
        return trees.local(dir, SealedManifest.open(stored, keys).objects().stream().filter(o -> wanted.test(o.path())).toList());
    }

    @Override
    public void sync(String dir) throws IOException {
        inner.sync(dir);
    }

    @Override
    public PgKeeperException failure(String doing, IOException e, String diskFullHint) {
        return inner.failure(doing, e, diskFullHint);
    }
}
