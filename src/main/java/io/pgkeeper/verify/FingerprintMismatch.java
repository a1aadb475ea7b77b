package io.pgkeeper.verify;

/**
 * A difference between the restored data and what the backup recorded.
 *
 * @param object what differs: a qualified table or sequence name, or {@code schema}
 * @param kind {@code table}, {@code sequence} or {@code schema}
 */
public record FingerprintMismatch(String database, String kind, String object, String recorded, String restored, String message) {}
