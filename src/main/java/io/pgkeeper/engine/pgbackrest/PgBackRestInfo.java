package io.pgkeeper.engine.pgbackrest;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.util.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stanza as {@code pgbackrest info --output=json} reports it: whether it exists, and its
 * backups oldest first.
 *
 * @param statusCode pgBackRest's stanza status: 0 ok, 1 missing stanza path, 2 no valid backups, ...
 */
public record PgBackRestInfo(String stanza, int statusCode, String statusMessage, List<PgBackRestBackup> backups) {
    /** Status codes from pgBackRest's info command. */
    static final int MISSING_STANZA_PATH = 1;
    static final int NO_VALID_BACKUPS = 2;
    static final int MISSING_STANZA_DATA = 3;

    public PgBackRestInfo {
        backups = List.copyOf(backups);
    }

    /** The stanza has not been created in the repository: stanza-create is needed. */
    public boolean stanzaMissing() {
        return statusCode == MISSING_STANZA_PATH || statusCode == MISSING_STANZA_DATA;
    }

    public Optional<PgBackRestBackup> find(String label) {
        return backups.stream().filter(b -> b.label().equals(label)).findFirst();
    }

    public Optional<PgBackRestBackup> latest() {
        return backups.isEmpty() ? Optional.empty() : Optional.of(backups.get(backups.size() - 1));
    }

    public static PgBackRestInfo parse(String json, String stanza) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw PgKeeperException.failed("pgbackrest info printed something that is not JSON: " + e.getMessage(),
                    "run pgbackrest --stanza=" + stanza + " info yourself to see what it says");
        }
        if (root == null || !root.isArray()) {
            throw PgKeeperException.failed("pgbackrest info printed no list of stanzas", "run pgbackrest info yourself");
        }
        for (JsonNode s : root) {
            if (!stanza.equals(s.path("name").asText())) {
                continue;
            }
            Map<Integer, JsonNode> dbs = new HashMap<>();
            for (JsonNode db : s.path("db")) {
                dbs.put(db.path("id").asInt(), db);
            }
            List<PgBackRestBackup> backups = new ArrayList<>();
            for (JsonNode b : s.path("backup")) {
                JsonNode db = dbs.getOrDefault(b.path("database").path("id").asInt(), Json.mapper().createObjectNode());
                backups.add(new PgBackRestBackup(
                        b.path("label").asText(),
                        b.path("type").asText(),
                        text(b.path("prior")),
                        Instant.ofEpochSecond(b.path("timestamp").path("start").asLong()),
                        Instant.ofEpochSecond(b.path("timestamp").path("stop").asLong()),
                        b.path("info").path("size").asLong(),
                        b.path("info").path("repository").path("size").asLong(),
                        b.path("info").path("repository").path("delta").asLong(),
                        text(b.path("archive").path("start")).orElse(null),
                        text(b.path("archive").path("stop")).orElse(null),
                        text(b.path("lsn").path("start")).orElse(null),
                        text(b.path("lsn").path("stop")).orElse(null),
                        text(db.path("version")).orElse(null),
                        db.path("system-id").isMissingNode() ? null : db.path("system-id").asText(),
                        b.path("error").asBoolean(false)));
            }
            backups.sort(java.util.Comparator.comparing(PgBackRestBackup::startedAt).thenComparing(PgBackRestBackup::label));
            return new PgBackRestInfo(stanza, s.path("status").path("code").asInt(-1), s.path("status").path("message").asText(""), backups);
        }
        return new PgBackRestInfo(stanza, MISSING_STANZA_PATH, "stanza not in pgbackrest info", List.of());
    }

    private static Optional<String> text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? Optional.empty() : Optional.of(n.asText());
    }
}
