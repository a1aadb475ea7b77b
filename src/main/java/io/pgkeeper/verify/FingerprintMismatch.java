package io.pgkeeper.verify;

/**
 * A difference between the restored data and what the backup recorded.
 *
 * @param object what differs: a qualified table, sequence, column ({@code schema.table.column}) or other schema object
 *     name, or {@code schema} for a backup that recorded only a schema hash
 * @param kind {@code table}, {@code sequence} or {@code schema} for row counts and hashes; for a schema
 *     difference, the kind of object: {@code table}, {@code column}, {@code constraint}, {@code index}, {@code function}...
 */
public record FingerprintMismatch(String database, String kind, String object, String recorded, String restored, String message) {}
