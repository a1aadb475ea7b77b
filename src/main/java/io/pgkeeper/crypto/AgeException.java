package io.pgkeeper.crypto;

import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;

/**
 * Encryption or decryption that cannot go on (exit 1). Its {@link Reason} tells apart a wrong
 * key from a damaged file from a JDK that lacks the algorithms; no message quotes a key.
 */
public class AgeException extends PgKeeperException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** The JDK lacks X25519, ChaCha20-Poly1305 or HmacSHA256: nothing can be encrypted, so nothing is written. */
        UNAVAILABLE,
        /** None of the identities can open the file: it was encrypted to other recipients. */
        NO_MATCH,
        /** Not an age v1 file, or a header that does not parse. */
        HEADER,
        /** A file key was unwrapped but the header's MAC does not match: the header was altered. */
        HMAC,
        /** The payload is truncated, altered or has trailing data. */
        PAYLOAD,
        /** An age file of a kind pgkeeper does not read (armored, passphrase, another version). */
        UNSUPPORTED,
        /** The identity file or a recipient cannot be used. */
        KEYS
    }

    private final Reason reason;

    public AgeException(Reason reason, String message, String hint, Throwable cause) {
        super(ExitCode.FAILED, message, hint, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static AgeException unavailable(Throwable cause) {
        return new AgeException(Reason.UNAVAILABLE, "this Java runtime cannot do age encryption (X25519, ChaCha20-Poly1305,"
                + " HMAC-SHA-256): " + cause.getMessage(), "use a complete JDK 17 or later (the SunEC and SunJCE providers);"
                + " pgkeeper writes nothing it cannot encrypt", cause);
    }
}
