package io.pgkeeper.repository.storage;

/**
 * One file of a backup in an encrypted repository: its plaintext path (known only inside the
 * sealed part of the manifest) and the opaque name it is stored under, with the size and sha256
 * of both the stored object (ciphertext, checkable without the key) and the plaintext (checked
 * after decryption).
 */
public record StoredObject(String path, String name, long storedSize, String storedSha256, long plaintextSize, String plaintextSha256) {}
