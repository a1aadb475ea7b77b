package io.pgkeeper.repository;

import java.util.List;

/**
 * What verify compares a restored database against. {@code mode} is exact, estimate or off.
 *
 * @param schemaFile the backup's own copy of {@code pg_dump --schema-only --create}, taken in the
 *     dump's snapshot, relative to the backup directory; verify compares it object by object. Null
 *     for physical backups and for logical backups older than this field, which have the hash only.
 */
public record DatabaseFingerprint(String mode, String schemaHash, List<TableFingerprint> tables, List<SequenceFingerprint> sequences,
        String schemaFile) {
    public DatabaseFingerprint {
        tables = tables == null ? List.of() : List.copyOf(tables);
        sequences = sequences == null ? List.of() : List.copyOf(sequences);
    }

    public DatabaseFingerprint(String mode, String schemaHash, List<TableFingerprint> tables, List<SequenceFingerprint> sequences) {
        this(mode, schemaHash, tables, sequences, null);
    }
}
