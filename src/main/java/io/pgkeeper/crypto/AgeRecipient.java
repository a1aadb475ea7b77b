package io.pgkeeper.crypto;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An age X25519 recipient, {@code age1...}: a public key. Enough to encrypt, useless to decrypt,
 * so a backup host needs no secret. Other kinds ({@code age1pq1...}, plugins, ssh keys) are
 * refused with a message that says so, never skipped.
 */
public final class AgeRecipient {
    static final String HRP = "age";

    private final byte[] publicKey;

    AgeRecipient(byte[] publicKey) {
        if (publicKey.length != Primitives.KEY) {
            throw new IllegalArgumentException("an X25519 public key has 32 bytes");
        }
        this.publicKey = publicKey.clone();
    }

    /** @throws IllegalArgumentException saying what is wrong with {@code text} (never echoing more than its start) */
    public static AgeRecipient parse(String text) {
        String t = text.strip();
        if (t.startsWith("age1pq1") || t.startsWith("age1tag")) {
            throw new IllegalArgumentException("is a post-quantum or hardware age recipient (" + t.substring(0, 7) + "...); pgkeeper"
                    + " encrypts to X25519 recipients (age1..., from age-keygen) only");
        }
        if (t.startsWith("ssh-")) {
            throw new IllegalArgumentException("is an SSH key; pgkeeper encrypts to X25519 age recipients (age1..., from age-keygen) only");
        }
        Bech32.Decoded d;
        try {
            d = Bech32.decode(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not an age recipient: it " + e.getMessage());
        }
        if (!d.hrp().equals(HRP)) {
            throw new IllegalArgumentException("is not an age recipient (it must start with age1, got " + d.hrp() + "1...)");
        }
        if (d.data().length != Primitives.KEY) {
            throw new IllegalArgumentException("is not an X25519 age recipient (" + d.data().length + " bytes instead of 32)");
        }
        return new AgeRecipient(d.data());
    }

    byte[] publicKey() {
        return publicKey.clone();
    }

    /** The {@code age1...} form. */
    public String encoded() {
        return Bech32.encode(HRP, publicKey, false);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AgeRecipient r && Arrays.equals(publicKey, r.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return encoded();
    }

    /** A short, stable name of this key for lists and logs: the first 8 bytes in hex. */
    public String fingerprint() {
        return HexFormat.of().formatHex(publicKey, 0, 8);
    }
}
