package io.pgkeeper.crypto;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import javax.crypto.Cipher;

/**
 * Opens age v1 files encrypted to X25519 recipients, with the identities of an identity file.
 * Stanzas of other types are passed over, as the format requires; a passphrase (scrypt) file is
 * refused. A file that none of the identities opens is {@link AgeException.Reason#NO_MATCH}, a
 * clear "wrong key" rather than a damaged file.
 */
public final class AgeDecryptor {
    private final List<AgeIdentity> identities;

    private AgeDecryptor(List<AgeIdentity> identities) {
        this.identities = List.copyOf(identities);
    }

    public static AgeDecryptor with(List<AgeIdentity> identities) {
        if (identities.isEmpty()) {
            throw new AgeException(AgeException.Reason.KEYS, "no age identity to decrypt with", "set encryption.identityFile", null);
        }
        return new AgeDecryptor(identities);
    }

    /** Reads and checks the header (file key, MAC) and returns the plaintext stream. */
    public AgeInputStream open(InputStream encrypted) throws IOException {
        try {
            MessageDigest stored = MessageDigest.getInstance("SHA-256");
            InputStream in = new BufferedInputStream(new DigestInputStream(encrypted, stored), 1 << 16);
            AgeHeader header = AgeHeaderParser.read(in);
            byte[] fileKey = unwrap(header);
            if (!header.verify(fileKey)) {
                throw new AgeException(AgeException.Reason.HMAC, "the encrypted object's header was altered (its MAC does not match)",
                        "the object is damaged; use another backup", null);
            }
            byte[] nonce = in.readNBytes(ChunkCipher.NONCE);
            if (nonce.length != ChunkCipher.NONCE) {
                throw new AgeException(AgeException.Reason.HEADER, "the encrypted object ends before its payload nonce", null, null);
            }
            return new AgeInputStream(in, stored, new ChunkCipher(fileKey, nonce), MessageDigest.getInstance("SHA-256"));
        } catch (GeneralSecurityException e) {
            throw AgeException.unavailable(e);
        }
    }

    private byte[] unwrap(AgeHeader header) throws GeneralSecurityException {
        boolean scrypt = header.stanzas().stream().anyMatch(s -> s.type().equals("scrypt"));
        if (scrypt) {
            throw new AgeException(header.stanzas().size() == 1 ? AgeException.Reason.UNSUPPORTED : AgeException.Reason.HEADER,
                    "the encrypted object is passphrase-encrypted (scrypt)" + (header.stanzas().size() == 1 ? "" : " among other stanzas"),
                    "pgkeeper reads files encrypted to X25519 recipients", null);
        }
        for (AgeStanza s : header.stanzas()) {
            if (!s.type().equals("X25519")) {
                continue;
            }
            if (s.args().size() != 2 || s.body().length != 32) {
                throw new AgeException(AgeException.Reason.HEADER, "the encrypted object has a malformed X25519 stanza", null, null);
            }
            byte[] share = AgeHeaderParser.base64(s.args().get(1));
            if (share.length != Primitives.KEY) {
                throw new AgeException(AgeException.Reason.HEADER, "the encrypted object has an X25519 share of " + share.length
                        + " bytes", null, null);
            }
            for (AgeIdentity id : identities) {
                byte[] fileKey = tryIdentity(id, share, s.body());
                if (fileKey != null) {
                    return fileKey;
                }
            }
        }
        throw new AgeException(AgeException.Reason.NO_MATCH, "none of the " + identities.size() + " age identities can decrypt this"
                + " object: it was encrypted to other recipients", "set encryption.identityFile to the identity of one of the"
                + " recipients the backup was written for (see docs/encryption.md, rotation)", null);
    }

    private static byte[] tryIdentity(AgeIdentity id, byte[] share, byte[] body) throws GeneralSecurityException {
        byte[] shared;
        try {
            shared = Primitives.x25519(id.secret(), share);
        } catch (java.security.InvalidKeyException | IllegalArgumentException e) {
            throw new AgeException(AgeException.Reason.HEADER, "the encrypted object has an invalid X25519 share (small order)", null, e);
        } catch (GeneralSecurityException e) {
            if (String.valueOf(e.getMessage()).contains("all-zero")) {
                throw new AgeException(AgeException.Reason.HEADER, "the encrypted object has an invalid X25519 share (small order)", null, e);
            }
            throw e;
        }
        byte[] wrapKey = Primitives.hkdf(shared, AgeEncryptor.concat(share, id.recipient().publicKey()), AgeEncryptor.X25519_INFO);
        try {
            return Primitives.chacha(Cipher.DECRYPT_MODE, wrapKey, new byte[12]).doFinal(body);
        } catch (javax.crypto.AEADBadTagException e) {
            return null; // not this identity's stanza: try the next
        }
    }
}
