package io.pgkeeper.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Plaintext in, an age file out: the header and payload nonce first, then each 64 KiB chunk as it
 * fills, the last one (possibly full, empty only when nothing was written) on {@link #close}.
 * Holds one chunk of memory. The sha256 and size of the plaintext are computed on the way, for
 * the manifest ({@link #plaintextSha256} after close).
 */
public final class AgeOutputStream extends OutputStream {
    private final OutputStream sink;
    private final ChunkCipher cipher;
    private final byte[] plain = new byte[ChunkCipher.CHUNK];
    private final byte[] sealed = new byte[ChunkCipher.CHUNK + ChunkCipher.TAG];
    private final MessageDigest sha256;
    private int filled;
    private long size;
    private boolean closed;
    private String digest;

    AgeOutputStream(OutputStream sink, ChunkCipher cipher, MessageDigest sha256) {
        this.sink = sink;
        this.cipher = cipher;
        this.sha256 = sha256;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("the encrypted stream is closed");
        }
        sha256.update(b, off, len);
        size += len;
        while (len > 0) {
            if (filled == plain.length) {
                flushChunk(false); // a full chunk is sent only once more bytes show it is not the last
            }
            int n = Math.min(len, plain.length - filled);
            System.arraycopy(b, off, plain, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    /**
     * Seals the last chunk and flushes the sink, leaving it open: an upload is committed by its
     * owner afterwards, and closing it uncommitted would abort it.
     */
    public void finish() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        flushChunk(true);
        sink.flush();
        digest = HexFormat.of().formatHex(sha256.digest());
    }

    /** {@link #finish}, then closes the sink. */
    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            sink.close();
        }
    }

    /** Hex sha256 of the plaintext; only after {@link #finish}. */
    public String plaintextSha256() {
        if (digest == null) {
            throw new IllegalStateException("the encrypted stream is not finished yet");
        }
        return digest;
    }

    public long plaintextSize() {
        return size;
    }

    private void flushChunk(boolean last) throws IOException {
        try {
            int n = cipher.seal(plain, filled, last, sealed);
            sink.write(sealed, 0, n);
            filled = 0;
        } catch (GeneralSecurityException e) {
            throw new IOException(AgeException.unavailable(e));
        }
    }
}
