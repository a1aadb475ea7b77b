package io.pgkeeper.repository.storage;

import io.pgkeeper.crypto.AgeEncryptor;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The streaming write of a backup file in an encrypted repository: the caller writes plaintext
 * and commits it under its plaintext path; the inner storage receives only ciphertext, under an
 * opaque name, and the committed object is recorded ({@code registered}) as {@link
 * EncryptedTrees#publish} records a staged file, for the sealed manifest. No plaintext is staged.
 */
final class EncryptedFileWrite implements PendingObject {
    private final Storage inner;
    private final String dir;
    private final String path;
    private final String name;
    private final EncryptedPending pending;
    private final Consumer<StoredObject> registered;

    EncryptedFileWrite(Storage inner, String dir, String path, String name, AgeEncryptor encryptor, Consumer<StoredObject> registered)
            throws IOException {
        this.inner = inner;
        this.dir = dir;
        this.path = path;
        this.name = name;
        this.pending = new EncryptedPending(inner.createFile(dir, name), encryptor);
        this.registered = registered;
    }

    @Override
    public OutputStream stream() {
        return pending.stream();
    }

    @Override
    public boolean commit(String key, boolean replace) throws IOException {
        if (!key.equals(dir + "/" + path) || replace) {
            close();
            throw new IllegalArgumentException("the write of " + dir + "/" + path + " cannot be committed as " + key);
        }
        String storedSha = pending.finish();
        String stored = dir + "/" + name;
        if (!pending.commit(stored, false)) {
            throw new IOException("the random object name " + stored + " is taken");
        }
        long storedSize = inner.stat(stored).map(StoredEntry::size).orElseThrow(() -> new IOException(stored + " vanished after its commit"));
        registered.accept(new StoredObject(path, name, storedSize, storedSha, pending.plaintextSize(), pending.plaintextSha256()));
        return true;
    }

    @Override
    public Optional<String> storedSha256() {
        return pending.storedSha256();
    }

    @Override
    public void close() {
        pending.close();
    }
}
