package io.pgkeeper.engine.pgbackrest;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.process.ToolResult;
import io.pgkeeper.repository.TablespaceEntry;
import io.pgkeeper.util.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The user tablespaces of one pgBackRest backup, as {@code pgbackrest info --set} lists them. */
public final class PgBackRestTablespaces {
    private PgBackRestTablespaces() {}

    /** Runs also in a dry run: it only reads, and the plan must know where the tablespaces would go. */
    public static List<TablespaceEntry> read(PgBackRestTool tool, String label) {
        List<String> argv = new ArrayList<>(PgBackRest.info(tool.invocation()));
        argv.add("--set=" + label);
        ToolResult r = tool.read(argv, PgBackRestTool.SHORT);
        if (!r.ok()) {
            throw PgBackRestError.toException("pgbackrest info --set=" + label + " failed", r, tool.stanza());
        }
        return parse(r.stdout(), label);
    }

    static List<TablespaceEntry> parse(String json, String label) {
        List<TablespaceEntry> out = new ArrayList<>();
        try {
            for (JsonNode stanza : Json.mapper().readTree(json)) {
                for (JsonNode b : stanza.path("backup")) {
                    if (!label.equals(b.path("label").asText())) {
                        continue;
                    }
                    for (JsonNode t : b.path("tablespace")) {
                        out.add(new TablespaceEntry(t.path("oid").asText(), t.path("name").asText(null), t.path("destination").asText()));
                    }
                }
            }
        } catch (IOException e) {
            throw PgKeeperException.failed("pgbackrest info --set printed something that is not JSON: " + e.getMessage(), null, e);
        }
        return out;
    }
}
