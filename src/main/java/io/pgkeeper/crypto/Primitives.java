package io.pgkeeper.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JDK's primitives that age is made of: X25519 (RFC 7748, the JDK's "XDH"), HKDF-SHA-256
 * (RFC 5869, over the JDK's HmacSHA256) and ChaCha20-Poly1305 (RFC 7539). Nothing here is
 * cryptography of pgkeeper's own: only the encoding of keys for the JDK's interfaces.
 */
final class Primitives {
    static final int KEY = 32;
    private static final BigInteger BASE_POINT = BigInteger.valueOf(9);
    private static final byte[] ZERO_SALT = new byte[KEY];

    private Primitives() {}

    /** X25519(scalar, u): both little-endian 32-byte strings, as in RFC 7748 and age. */
    static byte[] x25519(byte[] scalar, byte[] u) throws GeneralSecurityException {
        return agree(scalar, decodeU(u));
    }

    /** X25519(scalar, 9): the public key of a secret scalar. */
    static byte[] x25519Base(byte[] scalar) throws GeneralSecurityException {
        return agree(scalar, BASE_POINT);
    }

    private static byte[] agree(byte[] scalar, BigInteger u) throws GeneralSecurityException {
        KeyFactory kf = KeyFactory.getInstance("XDH");
        PrivateKey priv = kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar.clone()));
        PublicKey pub = kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u));
        KeyAgreement ka = KeyAgreement.getInstance("XDH");
        ka.init(priv);
        ka.doPhase(pub, true);
        byte[] shared = ka.generateSecret();
        if (allZero(shared)) {
            // The JDK refuses small-order points itself; age requires the check, so it is made here too.
            throw new GeneralSecurityException("X25519 gave the all-zero shared secret (a small-order point)");
        }
        return shared;
    }

    /** RFC 7748, 5: the u-coordinate is little-endian, and its top bit is ignored. */
    private static BigInteger decodeU(byte[] u) {
        byte[] be = new byte[KEY];
        for (int i = 0; i < KEY; i++) {
            be[i] = u[KEY - 1 - i];
        }
        be[0] &= 0x7f;
        return new BigInteger(1, be);
    }

    /** HKDF-SHA-256 with a 32-byte output, age's only length; an empty salt is HashLen zeros (RFC 5869, 2.2). */
    static byte[] hkdf(byte[] ikm, byte[] salt, String info) throws GeneralSecurityException {
        byte[] prk = hmac(salt.length == 0 ? ZERO_SALT : salt, ikm);
        byte[] infoBytes = info.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] block = new byte[infoBytes.length + 1];
        System.arraycopy(infoBytes, 0, block, 0, infoBytes.length);
        block[infoBytes.length] = 1;
        return hmac(prk, block);
    }

    static byte[] hmac(byte[] key, byte[] message) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message);
    }

    /** A ChaCha20-Poly1305 cipher ready for one message with this key and 12-byte nonce. */
    static Cipher chacha(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
        c.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        return c;
    }

    static boolean allZero(byte[] b) {
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return acc == 0;
    }
}
