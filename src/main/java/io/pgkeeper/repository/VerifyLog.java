package io.pgkeeper.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pgkeeper.util.Json;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Append-only JSON lines, one per verify run; the newest line per backup is its last verification. */
public final class VerifyLog {
    private static final Logger log = LoggerFactory.getLogger(VerifyLog.class);
    private final Path file;
    private final ObjectMapper mapper = Json.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT);

    public VerifyLog(Repository repo, String cluster) {
        this.file = repo.clusterDir(cluster).resolve("verify.log");
    }

    public Path file() {
        return file;
    }

    public void append(VerifyRecord record) {
        try {
            SecureFiles.createDirectories(file.getParent());
            byte[] line = (mapper.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                Files.setPosixFilePermissions(file, SecureFiles.FILE);
                SecureFiles.inheritOwner(file);
                ch.write(java.nio.ByteBuffer.wrap(line));
                ch.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<VerifyRecord> all() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(this::parse).flatMap(Optional::stream).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
            log.warn("ignoring a damaged line in {}: {}", file, e.getOriginalMessage());
            return Optional.empty();
        }
    }
}
