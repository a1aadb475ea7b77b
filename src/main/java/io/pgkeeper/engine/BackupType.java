package io.pgkeeper.engine;

import java.util.Locale;
import java.util.Optional;

/** {@code basebackup --type}: full, or since the last full (diff), or since the last backup (incr); pgBackRest takes all three. */
public enum BackupType {
    FULL,
    DIFF,
    INCR;

    public String flag() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<BackupType> parse(String text) {
        for (BackupType t : values()) {
            if (t.flag().equals(text.toLowerCase(Locale.ROOT))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
