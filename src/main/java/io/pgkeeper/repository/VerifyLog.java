package io.pgkeeper.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pgkeeper.repository.storage.Storage;
import io.pgkeeper.util.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Append-only JSON lines, one per verify run; the newest line per backup is its last verification. */
public final class VerifyLog {
    private static final Logger log = LoggerFactory.getLogger(VerifyLog.class);
    private final Storage storage;
    private final String key;
    private final ObjectMapper mapper = Json.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT);

    public VerifyLog(Repository repo, String cluster) {
        this.storage = repo.storage();
        this.key = RepositoryLayout.verifyLog(cluster);
    }

    public void append(VerifyRecord record) {
        try {
            storage.append(key, (mapper.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<VerifyRecord> all() {
        List<VerifyRecord> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(storage.open(key), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    parse(line).ifPresent(out::add);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The last verdict on each backup id; runs that could not verify are left out. */
    public Map<String, VerifyRecord> latestByBackup() {
        Map<String, VerifyRecord> out = new HashMap<>();
        for (VerifyRecord r : all()) {
            if (r.isVerdict()) {
                out.put(r.backupId(), r);
            }
        }
        return out;
    }

    private Optional<VerifyRecord> parse(String line) {
        try {
            return Optional.of(mapper.readValue(line, VerifyRecord.class));
        } catch (JsonProcessingException e) {
            log.warn("ignoring a damaged line in {}: {}", storage.describe(key), e.getOriginalMessage());
            return Optional.empty();
        }
    }
}
