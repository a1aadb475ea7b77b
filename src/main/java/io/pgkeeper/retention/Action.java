package io.pgkeeper.retention;

/** What prune does with one backup or unfinished attempt. */
public enum Action {
    KEEP,
    DELETE
}
