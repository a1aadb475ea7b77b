package io.pgkeeper.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.repository.DatabaseFingerprint;
import io.pgkeeper.repository.SequenceFingerprint;
import io.pgkeeper.repository.TableFingerprint;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FingerprintComparisonTest {
    private static TableFingerprint exact(String name, long rows) {
        return new TableFingerprint("public", name, rows, false, 8192);
    }

    private static TableFingerprint estimate(String name, long rows, long size) {
        return new TableFingerprint("public", name, rows, true, size);
    }

    private static RestoredDatabase restored(List<TableFingerprint> tables, List<RestoredDatabase.RestoredSequence> seqs) {
        return new RestoredDatabase("app", Optional.of("h1"), tables, seqs);
    }

    private static List<FingerprintMismatch> compare(DatabaseFingerprint fp, RestoredDatabase r) {
        return FingerprintComparison.compare(fp, r, 0.1);
    }

    @Test
    void exactCountsMustBeEqual() {
        DatabaseFingerprint fp = new DatabaseFingerprint("exact", "h1", List.of(exact("users", 500), exact("orders", 7)), List.of());
        assertEquals(List.of(), compare(fp, restored(List.of(exact("users", 500), exact("orders", 7)), List.of())));
        List<FingerprintMismatch> m = compare(fp, restored(List.of(exact("users", 499), exact("orders", 7)), List.of()));
        assertEquals(1, m.size());
        assertEquals("public.users", m.get(0).object());
        assertEquals("database \"app\": table public.users has 499 rows after the restore, the backup recorded exactly 500", m.get(0).message());
    }

    @Test
    void estimatesAllowTheToleranceOrAnAbsoluteSlack() {
        DatabaseFingerprint fp = new DatabaseFingerprint("estimate", "h1",
                List.of(estimate("big", 10_000, 1 << 20), estimate("small", 20, 8192)), List.of());
        assertEquals(List.of(), compare(fp, restored(List.of(exact("big", 10_999), exact("small", 110)), List.of())));
        List<FingerprintMismatch> m = compare(fp, restored(List.of(exact("big", 11_001), exact("small", 121)), List.of()));
        assertEquals(List.of("public.big", "public.small"), m.stream().map(FingerprintMismatch::object).toList());
        assertTrue(m.get(0).message().contains("the backup estimated 10000 (allowed difference 1000)"), m.get(0).message());
    }

    @Test
    void unusableEstimatesAreSkipped() {
        DatabaseFingerprint fp = new DatabaseFingerprint("estimate", "h1",
                List.of(estimate("never_analysed", -1, 1 << 20), estimate("stale", 0, 1 << 20)), List.of());
        assertEquals(List.of(), compare(fp, restored(List.of(exact("never_analysed", 5_000_000), exact("stale", 123_456)), List.of())));
    }

    @Test
    void rowsChangedSinceTheEstimateWidenTheAllowedDifference() {
        TableFingerprint changed = new TableFingerprint("public", "prt2_n_p1", 150, true, 16384, 300);
        DatabaseFingerprint fp = new DatabaseFingerprint("estimate", "h1", List.of(changed), List.of());
        assertEquals(List.of(), compare(fp, restored(List.of(exact("prt2_n_p1", 300)), List.of())));
        List<FingerprintMismatch> m = compare(fp, restored(List.of(exact("prt2_n_p1", 551)), List.of()));
        assertEquals(1, m.size());
        assertTrue(m.get(0).message().contains("(allowed difference 400)"), m.get(0).message());
        assertEquals(0, FingerprintComparison.withoutUsableEstimate(fp));
        assertEquals(2, FingerprintComparison.withoutUsableEstimate(new DatabaseFingerprint("estimate", "h1",
                List.of(estimate("never_analysed", -1, 1 << 20), estimate("stale", 0, 1 << 20), changed), List.of())));
    }

    @Test
    void missingAndExtraTablesAreNamed() {
        DatabaseFingerprint fp = new DatabaseFingerprint("exact", "h1", List.of(exact("users", 1)), List.of());
        List<FingerprintMismatch> m = compare(fp, restored(List.of(exact("intruder", 1)), List.of()));
        assertEquals(List.of("database \"app\": table public.users is missing after the restore",
                "database \"app\": table public.intruder exists after the restore but not in the backup's fingerprint"),
                m.stream().map(FingerprintMismatch::message).toList());
    }

    @Test
    void modeOffComparesNoTablesButStillTheSchema() {
        DatabaseFingerprint fp = new DatabaseFingerprint("off", "h0", List.of(), List.of());
        List<FingerprintMismatch> m = compare(fp, restored(List.of(exact("users", 1)), List.of()));
        assertEquals(List.of("schema"), m.stream().map(FingerprintMismatch::kind).toList());
    }

    @Test
    void schemaHashIsSkippedWhenItCannotBeCompared() {
        DatabaseFingerprint fp = new DatabaseFingerprint("off", "h0", List.of(), List.of());
        assertEquals(List.of(), FingerprintComparison.compare(fp, new RestoredDatabase("app", Optional.empty(), List.of(), List.of()), 0.1));
    }

    @Test
    void sequencesMayBeAheadButNotBehind() {
        DatabaseFingerprint fp = new DatabaseFingerprint("exact", "h1", List.of(), List.of(
                new SequenceFingerprint("public", "up", 100L), new SequenceFingerprint("public", "down", -100L),
                new SequenceFingerprint("public", "unused", null), new SequenceFingerprint("public", "reset", 5L),
                new SequenceFingerprint("public", "gone", 1L)));
        List<RestoredDatabase.RestoredSequence> ok = List.of(new RestoredDatabase.RestoredSequence("public", "up", 150L, 1),
                new RestoredDatabase.RestoredSequence("public", "down", -150L, -1),
                new RestoredDatabase.RestoredSequence("public", "unused", 3L, 1),
                new RestoredDatabase.RestoredSequence("public", "reset", 5L, 1),
                new RestoredDatabase.RestoredSequence("public", "gone", 1L, 1));
        assertEquals(List.of(), compare(fp, restored(List.of(), ok)));
        List<RestoredDatabase.RestoredSequence> bad = List.of(new RestoredDatabase.RestoredSequence("public", "up", 99L, 1),
                new RestoredDatabase.RestoredSequence("public", "down", -99L, -1),
                new RestoredDatabase.RestoredSequence("public", "unused", null, 1),
                new RestoredDatabase.RestoredSequence("public", "reset", null, 1));
        List<FingerprintMismatch> m = compare(fp, restored(List.of(), bad));
        assertEquals(List.of("public.up", "public.down", "public.reset", "public.gone"), m.stream().map(FingerprintMismatch::object).toList());
        assertEquals("database \"app\": sequence public.up has last value 99 after the restore, behind the recorded 100", m.get(0).message());
    }

    @Test
    void schemaDifferencesBecomeMismatchesNamingTheirObjectAndKnownEffectsDoNot() {
        var result = new io.pgkeeper.postgres.schema.SchemaComparison.Result(List.of(
                new io.pgkeeper.postgres.schema.SchemaDifference("index", "public.users_name_idx", "CREATE INDEX users_name_idx ON public.users (name)", null, null),
                new io.pgkeeper.postgres.schema.SchemaDifference("column order", "public.cats", "b, a", "a, b", "a known effect of pg_dump")));
        List<FingerprintMismatch> m = FingerprintComparison.schema("app", result);
        assertEquals(1, m.size());
        assertEquals("index", m.get(0).kind());
        assertEquals("public.users_name_idx", m.get(0).object());
        assertTrue(m.get(0).message().startsWith("database \"app\": index public.users_name_idx is missing after the restore"), m.get(0).message());
    }
}
