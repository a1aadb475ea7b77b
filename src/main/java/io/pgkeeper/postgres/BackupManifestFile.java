package io.pgkeeper.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.util.Json;
import java.io.IOException;
import java.nio.file.Path;

/** The WAL range PostgreSQL writes into a base backup's {@code backup_manifest}. */
public record BackupManifestFile(int timeline, String startLsn, String endLsn) {

    public static BackupManifestFile read(Path file) {
        try {
            JsonNode root = Json.mapper().readTree(file.toFile());
            JsonNode ranges = root.path("WAL-Ranges");
            if (!ranges.isArray() || ranges.isEmpty()) {
                throw PgKeeperException.failed(file + " has no WAL-Ranges", "the base backup is incomplete; take it again");
            }
            JsonNode first = ranges.get(0);
            JsonNode last = ranges.get(ranges.size() - 1);
            return new BackupManifestFile(last.path("Timeline").asInt(), first.path("Start-LSN").asText(), last.path("End-LSN").asText());
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot read " + file + ": " + e.getMessage(), "the base backup is incomplete; take it again", e);
        }
    }
}
