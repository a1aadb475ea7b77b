package io.pgkeeper.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.repository.storage.Storage;
import io.pgkeeper.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Reads and durably writes manifest.json; the write is the commit point of a backup. */
public final class ManifestStore {
    private final Repository repository;
    // Built on first use: archive push/get construct a Repository but never touch a manifest,
    // and building a mapper costs them about 100 ms of a run that happens once per WAL segment.
    private ObjectMapper mapper;

    ManifestStore(Repository repository) {
        this.repository = repository;
    }

    private synchronized ObjectMapper mapper() {
        if (mapper == null) {
            mapper = Json.mapper();
        }
        return mapper;
    }

    /** Writes the manifest of the backup in {@code backupDir}: atomically (old or new, whole) and durably. */
    public void commit(Path backupDir, Manifest manifest) {
        commit(repository.key(backupDir), manifest);
    }

    void commit(String backupKey, Manifest manifest) {
        String key = RepositoryLayout.manifest(backupKey);
        byte[] json;
        try {
            json = mapper().writeValueAsBytes(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("manifest could not be serialised", e);
        }
        try {
            repository.storage().put(key, json);
        } catch (IOException e) {
            throw repository.storage().failure("writing " + repository.storage().describe(key), e, BackupAttempt.DISK_FULL_HINT);
        }
    }

    public Manifest read(Path backupDir) {
        return read(repository.key(backupDir));
    }

    Manifest read(String backupKey) {
        Storage storage = repository.storage();
        String key = RepositoryLayout.manifest(backupKey);
        try (InputStream in = storage.open(key)) {
            return mapper().readValue(in.readAllBytes(), Manifest.class);
        } catch (JsonProcessingException e) {
            throw PgKeeperException.verification(storage.describe(key) + " is not a valid manifest: " + e.getOriginalMessage(),
                    "the backup's record is damaged; do not trust this backup, take a new one");
        } catch (IOException e) {
            throw storage.failure("reading " + storage.describe(key), e, "free space on the repository's filesystem");
        }
    }
}
