package io.pgkeeper.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * An age X25519 identity, {@code AGE-SECRET-KEY-1...}: the private key that decrypts what was
 * encrypted to its {@link #recipient()}. Read from the policy's identity file only when
 * something must be decrypted (restore, verify, archive get). {@link #toString} shows the
 * recipient, never the secret.
 */
public final class AgeIdentity {
    static final String HRP = "age-secret-key-";

    private final byte[] secret;
    private final AgeRecipient recipient;

    private AgeIdentity(byte[] secret) {
        this.secret = secret.clone();
        try {
            this.recipient = new AgeRecipient(Primitives.x25519Base(this.secret));
        } catch (GeneralSecurityException e) {
            throw AgeException.unavailable(e);
        }
    }

    /** A new identity from the system's CSPRNG, as {@code age-keygen} makes one. */
    public static AgeIdentity generate() {
        byte[] s = new byte[Primitives.KEY];
        new SecureRandom().nextBytes(s);
        return new AgeIdentity(s);
    }

    /** @throws IllegalArgumentException saying what is wrong, never quoting the text */
    public static AgeIdentity parse(String text) {
        String t = text.strip();
        if (t.startsWith("AGE-PLUGIN-") || t.startsWith("AGE-SECRET-KEY-PQ-")) {
            throw new IllegalArgumentException("is a plugin or post-quantum age identity; pgkeeper reads X25519 identities"
                    + " (AGE-SECRET-KEY-1..., from age-keygen) only");
        }
        Bech32.Decoded d;
        try {
            d = Bech32.decode(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not an age identity: it " + e.getMessage());
        }
        if (!d.hrp().equals(HRP) || d.data().length != Primitives.KEY) {
            throw new IllegalArgumentException("is not an X25519 age identity (AGE-SECRET-KEY-1...)");
        }
        return new AgeIdentity(d.data());
    }

    public AgeRecipient recipient() {
        return recipient;
    }

    /** The {@code AGE-SECRET-KEY-1...} form, for writing an identity file. */
    public String encoded() {
        return Bech32.encode(HRP, secret, true);
    }

    byte[] secret() {
        return secret.clone();
    }

    @Override
    public String toString() {
        return "AgeIdentity[recipient=" + recipient.encoded() + "]";
    }
}
