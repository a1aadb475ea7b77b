package io.pgkeeper.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.util.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backlog warning of the push worker: told once when the WAL waiting in pg_wal passes
 * archive.backlogWarning, once more when it is back under half, never in between; state.json
 * carries what status, check and the metrics read. Nothing is dropped: the worker only reports.
 */
class BacklogWatchTest {
    @TempDir
    Path tmp;

    private static List<String> segments(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(String.format("0000000100000000000000%02X", i));
        }
        return out;
    }

    @Test
    void theOperatorIsToldOnceWhenTheBacklogPassesTheWarningAndOnceWhenItIsBackUnderHalf() throws Exception {
        SpoolFixture f = new SpoolFixture(tmp);
        f.writePolicy("      backlogWarning: 64MB\n");
        Archiving a = f.archiving();
        Spool spool = a.spool().ensure(a.repository().files());
        List<Boolean> told = new ArrayList<>();
        List<JsonNode> docs = new ArrayList<>();
        BacklogAlarm alarm = (raised, json) -> {
            told.add(raised);
            try {
                docs.add(Json.mapper().readTree(json));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        BacklogWatch watch = new BacklogWatch(a, spool, alarm);
        Path wal = f.pgdata.resolve("pg_wal");
        watch.observe(wal, segments(3), segments(3), Set.of(), Set.of(), 0); // 48 MB: under
        assertEquals(List.of(), told);
        watch.observe(wal, segments(5), segments(4), Set.of("000000010000000000000005"), Set.of(), 0); // 80 MB: over
        assertEquals(List.of(true), told);
        JsonNode raised = docs.get(0);
        assertEquals("archive backlog", raised.path("event").asText());
        assertEquals(5, raised.path("backlogFiles").asInt());
        assertEquals("000000010000000000000001", raised.path("oldestUnacknowledged").asText());
        SpoolState state = SpoolState.read(spool.pushWorker(SpoolState.FILE)).orElseThrow();
        assertTrue(state.backlogRaised());
        assertEquals(5L << 24, state.backlogBytes());
        assertEquals(5, state.ready());
        watch.observe(wal, segments(8), segments(8), Set.of(), Set.of(), 0);
        watch.observe(wal, segments(3), segments(3), Set.of(), Set.of(), 0); // 48 MB: over half, still raised
        assertEquals(List.of(true), told, "told once, not again while it stays over half the warning");
        watch.observe(wal, segments(1), segments(1), Set.of(), Set.of(), 0); // 16 MB: under half
        assertEquals(List.of(true, false), told);
        assertEquals("archive backlog cleared", docs.get(1).path("event").asText());
        assertFalse(SpoolState.read(spool.pushWorker(SpoolState.FILE)).orElseThrow().backlogRaised());
        assertTrue(SpoolReport.of(a.cluster(), a.repository().root()).errors().isEmpty());
    }
}
