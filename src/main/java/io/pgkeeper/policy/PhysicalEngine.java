package io.pgkeeper.policy;

/** The tool that takes physical backups. */
public enum PhysicalEngine {
    PG_BASEBACKUP,
    PGBACKREST
}
