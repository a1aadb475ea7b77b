package io.pgkeeper.objectstore;

/**
 * A finished upload: what the store now holds under {@code key}.
 *
 * @param sha256 hex sha256 of the stored bytes (the ciphertext, when encrypted), computed while
 *     they were sent
 * @param parts 1 for a single PUT, else the number of multipart parts
 */
public record PutResult(String key, long size, String sha256, int parts, String etag) {}
