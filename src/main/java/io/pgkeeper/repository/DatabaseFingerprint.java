package io.pgkeeper.repository;

import java.util.List;

/** What verify compares a restored database against. {@code mode} is exact, estimate or off. */
public record DatabaseFingerprint(String mode, String schemaHash, List<TableFingerprint> tables, List<SequenceFingerprint> sequences) {
    public DatabaseFingerprint {
        tables = tables == null ? List.of() : List.copyOf(tables);
        sequences = sequences == null ? List.of() : List.copyOf(sequences);
    }
}
