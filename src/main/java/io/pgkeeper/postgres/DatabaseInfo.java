package io.pgkeeper.postgres;

/** A database as the catalog describes it; enough to re-create it faithfully before a restore. */
public record DatabaseInfo(String name, String encoding, String collate, String ctype, String owner) {}
