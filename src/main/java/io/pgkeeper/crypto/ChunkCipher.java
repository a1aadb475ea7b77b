package io.pgkeeper.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

/**
 * age's payload encryption, STREAM over ChaCha20-Poly1305: 64 KiB chunks, each sealed with the
 * payload key (HKDF of the file key, salted with the payload nonce) and a 12-byte nonce made of
 * an 11-byte big-endian chunk counter and a last-chunk flag, so chunks can be neither reordered
 * nor dropped nor the stream truncated.
 */
final class ChunkCipher {
    static final int CHUNK = 64 * 1024;
    static final int TAG = 16;
    static final int NONCE = 16;

    private final byte[] payloadKey;
    private long counter;

    ChunkCipher(byte[] fileKey, byte[] payloadNonce) throws GeneralSecurityException {
        this.payloadKey = Primitives.hkdf(fileKey, payloadNonce, "payload");
    }

    /** Seals the next chunk; {@code out} must hold {@code len + TAG} bytes. */
    int seal(byte[] in, int len, boolean last, byte[] out) throws GeneralSecurityException {
        Cipher c = Primitives.chacha(Cipher.ENCRYPT_MODE, payloadKey, nonce(last));
        counter++;
        return c.doFinal(in, 0, len, out, 0);
    }

    /** Opens the next chunk; throws when its tag does not verify for this position and flag. */
    int open(byte[] in, int len, boolean last, byte[] out) throws GeneralSecurityException {
        Cipher c = Primitives.chacha(Cipher.DECRYPT_MODE, payloadKey, nonce(last));
        int n = c.doFinal(in, 0, len, out, 0);
        counter++;
        return n;
    }

    long chunks() {
        return counter;
    }

    private byte[] nonce(boolean last) {
        byte[] n = new byte[12];
        long c = counter;
        for (int i = 10; i >= 3; i--) {
            n[i] = (byte) c;
            c >>>= 8;
        }
        n[11] = (byte) (last ? 1 : 0);
        return n;
    }
}
