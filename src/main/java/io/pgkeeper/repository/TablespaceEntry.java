package io.pgkeeper.repository;

/**
 * A user tablespace of a physical backup: its oid (the name of its {@code <oid>.tar}), its name,
 * and the directory it had on the source, as pg_tablespace_location() and tablespace_map say.
 */
public record TablespaceEntry(String oid, String name, String path) {}
