package io.pgkeeper.verify;

import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.UnloggedRelations;
import io.pgkeeper.repository.DatabaseEntry;
import io.pgkeeper.repository.DatabaseFingerprint;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * A physical fingerprint comparison without unlogged tables and sequences: recovery empties
 * them by design, so their counts prove nothing. Which relations are unlogged is read from the
 * recovered copy, so backups that recorded them before pgkeeper left them out compare right too.
 * The report says which were left out.
 */
final class UnloggedFilter {
    record Compared(List<FingerprintMismatch> mismatches, int skipped) {}

    private UnloggedFilter() {}

    static Compared compare(PgAccess access, DatabaseEntry d, RestoredDatabase restored, double tolerance, List<String> warnings) {
        Set<String> unlogged;
        try (Connection c = access.connect(d.name())) {
            unlogged = UnloggedRelations.of(c);
        } catch (SQLException e) {
            throw StepFailure.couldNotRun("cannot read the restored database \"" + d.name() + "\": " + e.getMessage());
        }
        if (unlogged.isEmpty()) {
            return new Compared(FingerprintComparison.compare(d.fingerprint(), restored, tolerance), 0);
        }
        warnings.add("database \"" + d.name() + "\": " + unlogged.size() + " unlogged relation(s) not compared, because recovery empties"
                + " them by design: " + String.join(", ", unlogged));
        DatabaseFingerprint f = d.fingerprint();
        DatabaseFingerprint recorded = new DatabaseFingerprint(f.mode(), f.schemaHash(),
                f.tables().stream().filter(t -> !unlogged.contains(t.qualifiedName())).toList(),
                f.sequences().stream().filter(s -> !unlogged.contains(s.schema() + "." + s.name())).toList());
        RestoredDatabase now = new RestoredDatabase(restored.name(), restored.schemaHash(),
                restored.tables().stream().filter(t -> !unlogged.contains(t.qualifiedName())).toList(),
                restored.sequences().stream().filter(s -> !unlogged.contains(s.qualifiedName())).toList());
        return new Compared(FingerprintComparison.compare(recorded, now, tolerance), unlogged.size());
    }
}
