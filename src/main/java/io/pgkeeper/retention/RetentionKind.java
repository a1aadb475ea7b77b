package io.pgkeeper.retention;

import java.util.Locale;

/** The two kinds of backup, each retained by its own rules and never counted against the other. */
public enum RetentionKind {
    LOGICAL,
    PHYSICAL;

    /** As written in directory names and messages: {@code logical}, {@code physical}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
