package io.pgkeeper.repository;

import java.util.List;

/**
 * One database of a logical backup. Encoding, locales and owner let a restore re-create it as it
 * was, and let an operator see it in the manifest; the restore itself takes them from the dump.
 * {@code dumpPath} is the archive pg_restore reads (a file for custom format, a directory for
 * directory format).
 *
 * @param localeProvider {@code libc}, {@code icu} or {@code builtin}; null in backups older than this field
 * @param icuLocale the ICU locale when the provider is ICU
 * @param builtinLocale the builtin provider's locale (PostgreSQL 17)
 * @param icuRules ICU tailoring rules (PostgreSQL 16)
 * @param collationVersion the collation version the database was created with (PostgreSQL 15)
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
        DatabaseFingerprint fingerprint,
        String localeProvider,
        String icuLocale,
        String builtinLocale,
        String icuRules,
        String collationVersion) {

    public DatabaseEntry {
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** An entry without locale provider details (physical fingerprints, older callers). */
    public DatabaseEntry(String name, String format, String dumpPath, long sizeBytes, List<FileEntry> files, String encoding,
            String collate, String ctype, String owner, DatabaseFingerprint fingerprint) {
        this(name, format, dumpPath, sizeBytes, files, encoding, collate, ctype, owner, fingerprint, null, null, null, null, null);
    }
}
