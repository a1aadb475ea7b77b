package io.pgkeeper.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * An age payload in, plaintext out, one authenticated chunk at a time: no byte of a chunk is
 * released before its tag verifies. The last chunk is the one whose tag verifies with age's
 * last-chunk flag; a truncated file, a missing or empty final chunk, or bytes after it fail as
 * {@link AgeException.Reason#PAYLOAD} instead of ending quietly short. The sha256 of the
 * plaintext and of the whole encrypted object are ready at the end.
 */
public final class AgeInputStream extends InputStream {
    private static final int SEALED = ChunkCipher.CHUNK + ChunkCipher.TAG;

    private final InputStream source;
    private final MessageDigest ciphertextDigest;
    private final ChunkCipher cipher;
    private final MessageDigest sha256;
    private final byte[] sealed = new byte[SEALED];
    private final byte[] plain = new byte[ChunkCipher.CHUNK];
    private int position;
    private int available;
    private long size;
    private boolean ended;
    private boolean lastSeen;
    private String plaintextDigest;
    private String ciphertextDigestHex;

    AgeInputStream(InputStream source, MessageDigest ciphertextDigest, ChunkCipher cipher, MessageDigest sha256) {
        this.source = source;
        this.ciphertextDigest = ciphertextDigest;
        this.cipher = cipher;
        this.sha256 = sha256;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (position == available) {
            if (ended) {
                return -1;
            }
            nextChunk();
        }
        int n = Math.min(len, available - position);
        System.arraycopy(plain, position, b, off, n);
        position += n;
        return n;
    }

    /** Hex sha256 of the plaintext, after the stream was read to its end. */
    public String plaintextSha256() {
        return done(plaintextDigest);
    }

    /** Hex sha256 of the encrypted object, header included: what the manifest keeps for the stored object. */
    public String ciphertextSha256() {
        return done(ciphertextDigestHex);
    }

    public long plaintextSize() {
        return size;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    private void nextChunk() throws IOException {
        if (lastSeen) {
            if (source.read() >= 0) {
                throw payload("has data after its final chunk");
            }
            ended = true;
            plaintextDigest = HexFormat.of().formatHex(sha256.digest());
            ciphertextDigestHex = HexFormat.of().formatHex(ciphertextDigest.digest());
            return;
        }
        int length = source.readNBytes(sealed, 0, SEALED);
        if (length == 0) {
            throw payload(cipher.chunks() == 0 ? "has no payload" : "ends without its final chunk (truncated)");
        }
        if (length < SEALED) {
            if (length < ChunkCipher.TAG) {
                throw payload("ends with a chunk shorter than its tag (truncated)");
            }
            if (length == ChunkCipher.TAG && cipher.chunks() > 0) {
                throw payload("ends with an empty final chunk");
            }
            release(open(length, true));
            lastSeen = true;
            return;
        }
        // A full chunk is the last one only if its tag says so: try "more follows" first, as age does.
        int n = tryOpen(length, false);
        if (n < 0) {
            n = open(length, true);
            lastSeen = true;
        }
        release(n);
    }

    private void release(int n) {
        available = n;
        position = 0;
        sha256.update(plain, 0, n);
        size += n;
    }

    private int open(int length, boolean last) {
        int n = tryOpen(length, last);
        if (n < 0) {
            throw payload("fails authentication at chunk " + cipher.chunks() + " (altered, truncated or with trailing data)");
        }
        return n;
    }

    private int tryOpen(int length, boolean last) {
        try {
            return cipher.open(sealed, length, last, plain);
        } catch (GeneralSecurityException e) {
            return -1;
        }
    }

    private static String done(String digest) {
        if (digest == null) {
            throw new IllegalStateException("the encrypted stream was not read to its end");
        }
        return digest;
    }

    private static AgeException payload(String what) {
        return new AgeException(AgeException.Reason.PAYLOAD, "the encrypted object " + what, "the object is damaged; use another"
                + " backup, and check the store", null);
    }
}
