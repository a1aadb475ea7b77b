package io.pgkeeper.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.util.Json;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code check --json} findings by name. */
final class CheckJson {
    private CheckJson() {}

    static JsonNode parse(Cli.Result r) {
        try {
            return Json.mapper().readTree(r.out());
        } catch (java.io.IOException e) {
            throw new AssertionError("check --json printed no JSON: " + r, e);
        }
    }

    static JsonNode finding(JsonNode doc, String name) {
        for (JsonNode f : doc.get("findings")) {
            if (f.get("name").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no finding " + name + " in " + doc.toPrettyString());
    }

    static String level(JsonNode doc, String name) {
        return finding(doc, name).get("level").asText();
    }

    static List<String> evidence(JsonNode doc, String name) {
        List<String> out = new ArrayList<>();
        finding(doc, name).get("evidence").forEach(e -> out.add(e.asText()));
        return out;
    }

    /** Every finding of that name (repository access appears once per user tested). */
    static List<JsonNode> all(JsonNode doc, String name) {
        List<JsonNode> out = new ArrayList<>();
        doc.get("findings").forEach(f -> {
            if (f.get("name").asText().equals(name)) {
                out.add(f);
            }
        });
        return out;
    }
}
