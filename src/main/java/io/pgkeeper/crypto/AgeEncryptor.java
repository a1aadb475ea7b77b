package io.pgkeeper.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Cipher;

/**
 * Encrypts to X25519 recipients in the age v1 format (age-encryption.org/v1), in-process with the
 * JDK's primitives. Needs the recipients only: no secret on the host that writes backups.
 *
 * <p>Everything that can fail is done before the first byte is written: constructing an
 * encryptor runs a full encrypt-and-decrypt of a probe through the JDK's algorithms, and
 * {@link #open} wraps the file key for every recipient before it writes the header. A runtime
 * that cannot encrypt therefore fails with {@link AgeException.Reason#UNAVAILABLE} while
 * nothing has been written, never by writing plaintext.
 */
public final class AgeEncryptor {
    static final String X25519_INFO = "age-encryption.org/v1/X25519";

    private final List<AgeRecipient> recipients;
    private final SecureRandom random;

    private AgeEncryptor(List<AgeRecipient> recipients, SecureRandom random) {
        this.recipients = List.copyOf(recipients);
        this.random = random;
    }

    /** @throws AgeException when there is no recipient or the JDK lacks what age needs */
    public static AgeEncryptor to(List<AgeRecipient> recipients) {
        if (recipients.isEmpty()) {
            throw new AgeException(AgeException.Reason.KEYS, "encryption has no recipient", "list at least one age1... key in"
                    + " encryption.recipients", null);
        }
        AgeEncryptor e = new AgeEncryptor(recipients, new SecureRandom());
        e.selfTest();
        for (AgeRecipient r : recipients) {
            e.checkUsable(r);
        }
        return e;
    }

    public List<AgeRecipient> recipients() {
        return recipients;
    }

    /**
     * Writes the header to {@code sink} and returns the stream that encrypts into it. Use
     * {@link AgeOutputStream#finish} to seal the last chunk without closing the sink.
     */
    public AgeOutputStream open(OutputStream sink) throws IOException {
        try {
            byte[] fileKey = new byte[16];
            random.nextBytes(fileKey);
            List<AgeStanza> stanzas = new ArrayList<>();
            for (AgeRecipient r : recipients) {
                stanzas.add(wrap(fileKey, r));
            }
            byte[] header = AgeHeader.seal(stanzas, fileKey).encoded();
            byte[] nonce = new byte[ChunkCipher.NONCE];
            random.nextBytes(nonce);
            ChunkCipher cipher = new ChunkCipher(fileKey, nonce);
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sink.write(header);
            sink.write(nonce);
            return new AgeOutputStream(sink, cipher, sha256);
        } catch (GeneralSecurityException e) {
            throw AgeException.unavailable(e);
        }
    }

    /** The X25519 stanza: an ephemeral share and the file key sealed with the key both sides derive from it. */
    private AgeStanza wrap(byte[] fileKey, AgeRecipient r) throws GeneralSecurityException {
        byte[] ephemeral = new byte[Primitives.KEY];
        random.nextBytes(ephemeral);
        byte[] share = Primitives.x25519Base(ephemeral);
        byte[] shared = Primitives.x25519(ephemeral, r.publicKey());
        byte[] wrapKey = Primitives.hkdf(shared, concat(share, r.publicKey()), X25519_INFO);
        byte[] body = Primitives.chacha(Cipher.ENCRYPT_MODE, wrapKey, new byte[12]).doFinal(fileKey);
        return new AgeStanza(List.of("X25519", AgeHeader.B64.encodeToString(share)), body);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A recipient that is a small-order point would give every reader the same key: refused, naming it. */
    private void checkUsable(AgeRecipient r) {
        byte[] probe = new byte[Primitives.KEY];
        random.nextBytes(probe);
        try {
            Primitives.x25519(probe, r.publicKey());
        } catch (GeneralSecurityException e) {
            throw new AgeException(AgeException.Reason.KEYS, "the age recipient " + r.encoded() + " is not a usable X25519 public key",
                    "take the recipient from age-keygen -y IDENTITY_FILE", e);
        }
    }

    /** Encrypts a probe to a throwaway identity and decrypts it: every algorithm age needs is there and agrees. */
    private void selfTest() {
        try {
            AgeIdentity probe = AgeIdentity.generate();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (AgeOutputStream enc = new AgeEncryptor(List.of(probe.recipient()), random).open(out)) {
                enc.write(SELF_TEST);
            }
            byte[] back;
            try (AgeInputStream dec = AgeDecryptor.with(List.of(probe)).open(new java.io.ByteArrayInputStream(out.toByteArray()))) {
                back = dec.readAllBytes();
            }
            if (!java.util.Arrays.equals(back, SELF_TEST)) {
                throw new GeneralSecurityException("the self-test did not read back what it encrypted");
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw e instanceof AgeException a && a.reason() == AgeException.Reason.UNAVAILABLE ? a : AgeException.unavailable(e);
        }
    }

    private static final byte[] SELF_TEST = "pgkeeper age self-test".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
}
