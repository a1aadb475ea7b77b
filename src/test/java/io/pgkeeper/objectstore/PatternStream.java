package io.pgkeeper.objectstore;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code size} bytes of a fixed pseudo-random pattern (an xorshift sequence seeded by
 * {@code seed}), generated as they are read: a large test input that takes no memory and no
 * disk, and whose sha256 can be computed again without keeping it.
 */
public final class PatternStream extends InputStream {
    private final long size;
    private long state;
    private long position;

    public PatternStream(long size, long seed) {
        this.size = size;
        this.state = seed * 0x9E3779B97F4A7C15L + 1;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(len, size - position);
        for (int i = 0; i < n; i++) {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            b[off + i] = (byte) state;
        }
        position += n;
        return n;
    }

    public static String sha256(long size, long seed) throws IOException {
        return sha256Of(new PatternStream(size, seed));
    }

    public static String sha256Of(InputStream in) throws IOException {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
