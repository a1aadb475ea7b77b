package io.pgkeeper.verify;

import io.pgkeeper.postgres.schema.SchemaComparison;
import io.pgkeeper.postgres.schema.SchemaDifference;
import io.pgkeeper.repository.DatabaseFingerprint;
import io.pgkeeper.repository.SequenceFingerprint;
import io.pgkeeper.repository.TableFingerprint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares a restored database with the fingerprint recorded at backup time. The rules:
 *
 * <ul>
 *   <li>schema: object by object against the backup's own {@code pg_dump --schema-only --create}
 *       ({@link #schema}); every differing table, column, constraint, index, function... is a
 *       mismatch, and the differences pg_dump itself makes on a faithful round trip are not.
 *       Backups that only recorded a hash of it need an equal hash (when it can be compared);
 *   <li>tables, exact mode: the restored count equals the count taken in the dump's own snapshot;
 *   <li>tables, estimate mode: {@code |restored - estimate| <= max(tolerance * estimate, }{@value #ABSOLUTE_SLACK}{@code )
 *       + changedSinceEstimate}. The absolute slack keeps small tables, whose estimates are coarse,
 *       from failing; the rows changed since the last ANALYZE are rows the estimate cannot know
 *       about. A table with no dated estimate (-1: never analysed or vacuumed since its statistics
 *       were reset), or with an estimate of 0 while it has pages (statistics older than its data,
 *       as before PostgreSQL 14), has no usable estimate and is skipped;
 *   <li>tables present on one side only are mismatches (not in mode off, which records none);
 *   <li>sequences: sequences are not transactional, so pg_dump reads them outside its snapshot, at
 *       a moment of its own. A restored value ahead of the recorded one (in the sequence's
 *       direction) is therefore expected; a value behind it, a sequence restored as never used
 *       that had been used, or a missing sequence is a mismatch.
 * </ul>
 */
public final class FingerprintComparison {
    public static final long ABSOLUTE_SLACK = 100;

    private FingerprintComparison() {}

    public static List<FingerprintMismatch> compare(DatabaseFingerprint recorded, RestoredDatabase restored, double tolerance) {
        List<FingerprintMismatch> out = new ArrayList<>();
        String db = restored.name();
        if (recorded == null) {
            return out;
        }
        if (restored.schemaHash().isPresent() && recorded.schemaHash() != null && !recorded.schemaHash().equals(restored.schemaHash().get())) {
            out.add(new FingerprintMismatch(db, "schema", "schema", recorded.schemaHash(), restored.schemaHash().get(),
                    "database \"" + db + "\": the restored schema differs from the dumped one (schema hash " + shortHash(restored.schemaHash().get())
                            + ", recorded " + shortHash(recorded.schemaHash()) + ")"));
        }
        tables(db, recorded.tables(), restored.tables(), tolerance, out);
        sequences(db, recorded.sequences(), restored.sequences(), out);
        return out;
    }

    private static void tables(String db, List<TableFingerprint> recorded, List<TableFingerprint> restored, double tolerance,
            List<FingerprintMismatch> out) {
        if (recorded.isEmpty()) {
            return;
        }
        Map<String, TableFingerprint> now = new LinkedHashMap<>();
        restored.forEach(t -> now.put(t.qualifiedName(), t));
        for (TableFingerprint r : recorded) {
            TableFingerprint t = now.remove(r.qualifiedName());
            String name = r.qualifiedName();
            if (t == null) {
                out.add(new FingerprintMismatch(db, "table", name, Long.toString(r.rows()), null,
                        "database \"" + db + "\": table " + name + " is missing after the restore"));
                continue;
            }
            if (!r.estimated()) {
                if (t.rows() != r.rows()) {
                    out.add(new FingerprintMismatch(db, "table", name, Long.toString(r.rows()), Long.toString(t.rows()),
                            "database \"" + db + "\": table " + name + " has " + t.rows() + " rows after the restore, the backup recorded exactly " + r.rows()));
                }
                continue;
            }
            if (!usableEstimate(r)) {
                continue;
            }
            long allowed = allowedDifference(r.rows(), tolerance) + Math.max(0, r.changedSinceEstimate());
            if (Math.abs(t.rows() - r.rows()) > allowed) {
                out.add(new FingerprintMismatch(db, "table", name, "~" + r.rows(), Long.toString(t.rows()),
                        "database \"" + db + "\": table " + name + " has " + t.rows() + " rows after the restore, the backup estimated " + r.rows()
                                + " (allowed difference " + allowed + ")"));
            }
        }
        for (TableFingerprint extra : now.values()) {
            out.add(new FingerprintMismatch(db, "table", extra.qualifiedName(), null, Long.toString(extra.rows()),
                    "database \"" + db + "\": table " + extra.qualifiedName() + " exists after the restore but not in the backup's fingerprint"));
        }
    }

    /** Each real difference of the schema comparison as a mismatch naming its object. */
    public static List<FingerprintMismatch> schema(String db, SchemaComparison.Result r) {
        List<FingerprintMismatch> out = new ArrayList<>();
        for (SchemaDifference d : r.real()) {
            out.add(new FingerprintMismatch(db, d.kind(), d.object(), d.recorded(), d.restored(), "database \"" + db + "\": " + d.describe()));
        }
        return out;
    }

    /** The tables of an estimated fingerprint that have no usable estimate: not compared, and the report says so. */
    public static long withoutUsableEstimate(DatabaseFingerprint recorded) {
        return recorded == null ? 0 : recorded.tables().stream().filter(t -> t.estimated() && !usableEstimate(t)).count();
    }

    static boolean usableEstimate(TableFingerprint r) {
        return r.rows() > 0 || (r.rows() == 0 && r.sizeBytes() == 0);
    }

    static long allowedDifference(long estimate, double tolerance) {
        return Math.max((long) Math.ceil(tolerance * estimate), ABSOLUTE_SLACK);
    }

    private static void sequences(String db, List<SequenceFingerprint> recorded, List<RestoredDatabase.RestoredSequence> restored,
            List<FingerprintMismatch> out) {
        Map<String, RestoredDatabase.RestoredSequence> now = new LinkedHashMap<>();
        restored.forEach(s -> now.put(s.qualifiedName(), s));
        for (SequenceFingerprint r : recorded) {
            String name = r.schema() + "." + r.name();
            RestoredDatabase.RestoredSequence s = now.get(name);
            String was = r.lastValue() == null ? "never used" : Long.toString(r.lastValue());
            if (s == null) {
                out.add(new FingerprintMismatch(db, "sequence", name, was, null,
                        "database \"" + db + "\": sequence " + name + " is missing after the restore"));
                continue;
            }
            if (r.lastValue() == null) {
                continue;
            }
            if (s.lastValue() == null) {
                out.add(new FingerprintMismatch(db, "sequence", name, was, "never used",
                        "database \"" + db + "\": sequence " + name + " is restored as never used, the backup recorded last value " + was));
                continue;
            }
            boolean behind = s.increment() >= 0 ? s.lastValue() < r.lastValue() : s.lastValue() > r.lastValue();
            if (behind) {
                out.add(new FingerprintMismatch(db, "sequence", name, was, Long.toString(s.lastValue()),
                        "database \"" + db + "\": sequence " + name + " has last value " + s.lastValue() + " after the restore, behind the recorded " + was));
            }
        }
    }

    private static String shortHash(String h) {
        return h.length() > 12 ? h.substring(0, 12) : h;
    }
}
