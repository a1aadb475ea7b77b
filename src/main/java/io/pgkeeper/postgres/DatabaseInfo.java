package io.pgkeeper.postgres;

/**
 * A database as the catalog describes it; enough to re-create it faithfully before a restore.
 *
 * @param localeProvider {@code libc}, {@code icu} or {@code builtin} (PostgreSQL 17)
 * @param icuLocale the ICU locale when the provider is ICU, else null
 * @param builtinLocale the builtin provider's locale (PostgreSQL 17), else null
 * @param icuRules ICU tailoring rules (PostgreSQL 16), else null
 * @param collationVersion the provider's collation version the database was created with, when recorded (PostgreSQL 15)
 */
public record DatabaseInfo(String name, String encoding, String collate, String ctype, String owner, String localeProvider,
        String icuLocale, String builtinLocale, String icuRules, String collationVersion) {

    /** A libc database, as servers before PostgreSQL 15 know them. */
    public DatabaseInfo(String name, String encoding, String collate, String ctype, String owner) {
        this(name, encoding, collate, ctype, owner, "libc", null, null, null, null);
    }
}
