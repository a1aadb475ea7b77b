package io.pgkeeper.repository;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Logical backups are pg_dump archives; physical ones are base backups plus WAL. */
public enum BackupKind {
    LOGICAL,
    PHYSICAL;

    @JsonValue
    public String dirName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BackupKind parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
