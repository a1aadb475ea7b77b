package io.pgkeeper.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.util.Json;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and durably writes manifest.json; the write is the commit point of a backup. */
public final class ManifestStore {
    // Built on first use: archive push/get construct a Repository but never touch a manifest,
    // and building a mapper costs them about 100 ms of a run that happens once per WAL segment.
    private ObjectMapper mapper;

    private synchronized ObjectMapper mapper() {
        if (mapper == null) {
            mapper = Json.mapper();
        }
        return mapper;
    }

    /** Writes the manifest last: temp name, fsync, rename, fsync of the directory. */
    public void commit(Path backupDir, Manifest manifest) {
        try {
            SecureFiles.writeAtomically(backupDir.resolve(Manifest.FILE_NAME), mapper().writeValueAsBytes(manifest));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("manifest could not be serialised", e);
        }
    }

    public Manifest read(Path backupDir) {
        Path file = backupDir.resolve(Manifest.FILE_NAME);
        try {
            return mapper().readValue(Files.readAllBytes(file), Manifest.class);
        } catch (JsonProcessingException e) {
            throw PgKeeperException.verification(file + " is not a valid manifest: " + e.getOriginalMessage(),
                    "the backup's record is damaged; do not trust this backup, take a new one");
        } catch (java.nio.file.AccessDeniedException e) {
            throw PgKeeperException.failed("cannot read " + file + " as OS user " + io.pgkeeper.util.OsUser.name() + " ("
                    + io.pgkeeper.util.FileOwner.describe(file) + ")", "the repository must belong to the server's OS user and be used by"
                    + " that user or root (docs/operations.md, repository ownership)", e);
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot read " + file + ": " + e.getMessage(), "check the repository's permissions", e);
        }
    }

    public String toJson(Object value) {
        try {
            return mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
