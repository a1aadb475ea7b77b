package io.pgkeeper.policy;

/** {@code clusters.<name>.physical}: how {@code pgkeeper basebackup} takes physical backups. */
final class PhysicalKeys {
    static final Key<PhysicalEngine> ENGINE = Key.value("engine",
            ValueTypes.names(PhysicalEngine.PG_BASEBACKUP, PhysicalEngine.PGBACKREST),
            "The tool that takes base backups.").byDefault(PhysicalEngine.PG_BASEBACKUP);
    static final Key<String> COMPRESS = Key.value("compress", ValueTypes.TEXT,
            "Handed to `pg_basebackup --compress`, e.g. `gzip:6`, `server-zstd`, `lz4`.").unset("unset: no compression");
    static final Key<PhysicalPolicy.Checkpoint> CHECKPOINT = Key.value("checkpoint",
            ValueTypes.names(PhysicalPolicy.Checkpoint.FAST, PhysicalPolicy.Checkpoint.SPREAD),
            "`pg_basebackup --checkpoint`: `fast` starts at once, `spread` avoids an I/O spike on the primary.")
            .byDefault(PhysicalPolicy.Checkpoint.FAST);
    static final Key<String> MAX_RATE = Key.value("maxRate", ValueTypes.TEXT,
            "`pg_basebackup --max-rate`, e.g. `100M`.").unset("unset: unlimited");
    static final Key<Void> PGBACKREST = Key.block("pgbackrest", PgBackRestKeys.SECTION,
            "How pgkeeper drives pgBackRest; required with `engine: pgbackrest` (see [pgbackrest.md](pgbackrest.md)).")
            .unset("unset");

    static final Section SECTION = Section.of("Physical backups: `pgkeeper basebackup`.",
            ENGINE, COMPRESS, CHECKPOINT, MAX_RATE, PGBACKREST);

    private PhysicalKeys() {}
}
