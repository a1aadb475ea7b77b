package io.pgkeeper.repository;

import java.util.List;

/**
 * One database of a logical backup. {@code encoding}, {@code collate} and {@code ctype} let a
 * restore re-create it as it was; {@code dumpPath} is the archive pg_restore reads (a file for
 * custom format, a directory for directory format).
 */
public record DatabaseEntry(
        String name,
        String format,
        String dumpPath,
        long sizeBytes,
        List<FileEntry> files,
        String encoding,
        String collate,
        String ctype,
        String owner,
        DatabaseFingerprint fingerprint) {

    public DatabaseEntry {
        files = files == null ? List.of() : List.copyOf(files);
    }
}
