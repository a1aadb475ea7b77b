package io.pgkeeper.repository.storage;

import io.pgkeeper.crypto.AgeEncryptor;
import io.pgkeeper.crypto.AgeOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A streaming write of an encrypted repository: the caller writes plaintext, the inner write
 * receives only the age file (header first, each 64 KiB chunk as it fills), hashed on the way
 * so that the stored object's sha256 is known at the commit.
 */
final class EncryptedPending implements PendingObject {
    private final PendingObject inner;
    private final MessageDigest stored;
    private final AgeOutputStream plaintext;
    private String storedSha256;

    EncryptedPending(PendingObject inner, AgeEncryptor encryptor) throws IOException {
        this.inner = inner;
        try {
            this.stored = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
        try {
            this.plaintext = encryptor.open(new DigestOutputStream(inner.stream(), stored));
        } catch (IOException | RuntimeException e) {
            inner.close();
            throw e;
        }
    }

    @Override
    public OutputStream stream() {
        return plaintext;
    }

    /** Seals the last chunk (closing the stream does too); the stored sha256 is known from here on. */
    String finish() throws IOException {
        if (storedSha256 == null) {
            plaintext.close(); // seals the final chunk; the inner stream's close only flushes
            storedSha256 = HexFormat.of().formatHex(stored.digest());
        }
        return storedSha256;
    }

    @Override
    public Optional<String> storedSha256() {
        try {
            return Optional.of(finish());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    String plaintextSha256() throws IOException {
        finish();
        return plaintext.plaintextSha256();
    }

    long plaintextSize() {
        return plaintext.plaintextSize();
    }

    @Override
    public boolean commit(String key, boolean replace) throws IOException {
        finish();
        return inner.commit(key, replace);
    }

    @Override
    public void close() {
        inner.close();
    }
}
