package io.pgkeeper.policy;

/** What {@code pg_dumpall} saves beside the per-database dumps. */
public enum GlobalsMode {
    ROLES,
    ALL,
    NONE
}
