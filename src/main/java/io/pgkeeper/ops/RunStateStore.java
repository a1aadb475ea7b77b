package io.pgkeeper.ops;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgkeeper.repository.ClusterLock;
import io.pgkeeper.repository.LockName;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.util.Json;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code <repository>/<cluster>/runs.json}: the last outcome of each command, so that the
 * metrics file can be rendered whole after any one command, and onRecovery can tell a first
 * success after a failure. Updated under its own lock, never the backup locks.
 */
public final class RunStateStore {
    static final String FILE = "runs.json";
    private static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    private final Repository repository;
    private final ObjectMapper mapper = Json.mapper();

    public RunStateStore(Repository repository) {
        this.repository = repository;
    }

    /** Records a run; returns the outcome it replaces. */
    public Optional<RunOutcome> record(String cluster, RunOutcome outcome) {
        try (ClusterLock lock = repository.lock(cluster, LockName.RUN_STATE, "run state", LOCK_WAIT)) {
            Map<String, RunOutcome> all = new TreeMap<>(read(cluster));
            RunOutcome previous = all.get(outcome.key());
            RunOutcome merged = outcome;
            if (previous != null) {
                merged = new RunOutcome(outcome.command(), outcome.kind(), outcome.ok(), outcome.exitCode(), outcome.finishedAt(),
                        outcome.durationMs(), outcome.ok() ? outcome.finishedAt() : previous.lastSuccessAt(),
                        outcome.ok() && outcome.sizeBytes() != null ? outcome.sizeBytes() : previous.sizeBytes());
            }
            all.put(merged.key(), merged);
            repository.files().write(file(cluster), mapper.writeValueAsString(all).getBytes(StandardCharsets.UTF_8), SecureFiles.FILE);
            return Optional.ofNullable(previous);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The outcomes by command/kind; empty when nothing ran yet. */
    public Map<String, RunOutcome> read(String cluster) {
        Path file = file(cluster);
        if (!Files.exists(file)) {
            return Map.of();
        }
        try {
            return mapper.readValue(Files.readString(file), new TypeReference<TreeMap<String, RunOutcome>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    Path file(String cluster) {
        return repository.clusterDir(cluster).resolve(FILE);
    }
}
