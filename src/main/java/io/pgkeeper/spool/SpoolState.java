package io.pgkeeper.spool;

import io.pgkeeper.util.Json;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the push worker last saw, {@code push/state.json}, rewritten about once a second: read by
 * {@code status}, {@code check} and the metrics file, which cannot look into {@code pg_wal}.
 *
 * @param ready files PostgreSQL waits to archive ({@code .ready})
 * @param unacknowledged of those, not yet durable in the archive
 * @param oldestUnacknowledged the first of them, in the archiver's order; null when none
 * @param backlogBytes {@code ready} times the segment size: what pg_wal holds for the archive
 * @param backlogRaised whether the operator was told that {@code backlogBytes} passed archive.backlogWarning
 */
public record SpoolState(long pid, Instant updatedAt, String walDir, int ready, int unacknowledged, String oldestUnacknowledged,
        List<String> errors, long pushed, long backlogBytes, long backlogWarning, boolean backlogRaised, long peakRssBytes) {
    static final String FILE = "state.json";

    public SpoolState {
        errors = List.copyOf(errors);
    }

    void write(Path file) {
        try {
            SecureFiles.writeAtomically(file, Json.mapper().writeValueAsBytes(this));
        } catch (IOException | java.io.UncheckedIOException e) {
            org.slf4j.LoggerFactory.getLogger(SpoolState.class).debug("cannot write {}: {}", file, e.getMessage());
        }
    }

    public static Optional<SpoolState> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Json.mapper().readValue(file.toFile(), SpoolState.class)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
