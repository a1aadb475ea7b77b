package io.pgkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.util.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one envelope: its fields, their order, and how a command's details join it. */
class EnvelopeTest {
    private static final Envelope.Run RUN = new Envelope.Run("dump", "main", Instant.parse("2026-01-02T03:04:05Z"),
            Instant.parse("2026-01-02T03:04:07.500Z"));

    record Details(String id, long sizeBytes) {}

    private static List<String> names(JsonNode doc) {
        List<String> out = new ArrayList<>();
        doc.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void aRunCarriesTheWholeEnvelopeThenTheDetailsAtTheTopLevel() {
        JsonNode doc = Envelope.RUN.document(RUN, 0, new Details("20260102T030405Z", 42));
        assertEquals(List.of("command", "cluster", "ok", "startedAt", "durationMs", "exitCode", "id", "sizeBytes"), names(doc));
        assertEquals(Json.mapper().createObjectNode().put("command", "dump").put("cluster", "main").put("ok", true)
                .put("startedAt", "2026-01-02T03:04:05Z").put("durationMs", 2500).put("exitCode", 0)
                .put("id", "20260102T030405Z").put("sizeBytes", 42).toString(), doc.toString());
    }

    @Test
    void okIsExitCodeZeroAndTheEnvelopeDecidesItsOwnFieldsOverTheDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("command", "prune");
        details.put("ok", true);
        details.put("exitCode", 0);
        details.put("durationMs", 7);
        details.put("kept", 3);
        JsonNode doc = Envelope.RUN.document(RUN, 1, details);
        assertEquals("dump", doc.get("command").asText());
        assertEquals(false, doc.get("ok").asBoolean());
        assertEquals(1, doc.get("exitCode").asInt());
        assertEquals(2500, doc.get("durationMs").asLong());
        assertEquals(3, doc.get("kept").asInt());
        assertEquals(List.of("command", "cluster", "ok", "startedAt", "durationMs", "exitCode", "kept"), names(doc));
    }

    @Test
    void detailsThatAreNoObjectBecomeResults() {
        JsonNode doc = Envelope.RUN.document(RUN, 0, List.of("a", "b"));
        assertEquals(List.of("command", "cluster", "ok", "startedAt", "durationMs", "exitCode", "results"), names(doc));
        assertEquals(2, doc.get("results").size());
    }

    @Test
    void anUnknownClusterIsLeftOut() {
        JsonNode doc = Envelope.RUN.document(new Envelope.Run("dump", null, RUN.startedAt(), RUN.now()), 0, null);
        assertEquals(List.of("command", "ok", "startedAt", "durationMs", "exitCode"), names(doc));
    }

    @Test
    void queriesCarryOnlyThePartTheirScriptsRead() {
        record Got(String name, boolean found) {}
        JsonNode get = ArchiveCommand.COMMAND_OK.document(new Envelope.Run("archive get", "main", RUN.startedAt(), RUN.now()), 1,
                new Got("000000010000000000000001", false));
        assertEquals(List.of("command", "ok", "name", "found"), names(get));
        assertEquals(false, get.get("ok").asBoolean());
        assertEquals(List.of("command", "policy"), names(Envelope.COMMAND.document(RUN, 0, Map.of("policy", "/p.yaml"))));
    }

    @Test
    void listIsItsArrayWithNoEnvelope() {
        JsonNode doc = Envelope.NONE.document(RUN, 3, List.of(Map.of("id", "x")));
        assertEquals(true, doc.isArray());
        assertEquals("x", doc.get(0).get("id").asText());
    }

    @Test
    void aFailedRunCarriesTheErrorInsteadOfDetails() {
        JsonNode doc = Envelope.RUN.failed(RUN, PgKeeperException.usage("unknown cluster 'x'", "pass --cluster main"));
        assertEquals(List.of("command", "cluster", "ok", "startedAt", "durationMs", "exitCode", "error"), names(doc));
        assertEquals(2, doc.get("exitCode").asInt());
        assertEquals(Json.mapper().createObjectNode().put("message", "unknown cluster 'x'").put("hint", "pass --cluster main"), doc.get("error"));
    }
}
