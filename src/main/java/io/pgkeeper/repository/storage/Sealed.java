package io.pgkeeper.repository.storage;

/**
 * A stream of an encrypted repository that knows the sha256 of the object as stored (the
 * ciphertext), once it was read or written to its end: what an archived WAL name records under
 * encryption, so that the name proves the stored bytes without the key and confirms no guess
 * of the plaintext.
 */
public interface Sealed {
    /** Hex sha256 of the stored (encrypted) object. */
    String storedSha256();
}
