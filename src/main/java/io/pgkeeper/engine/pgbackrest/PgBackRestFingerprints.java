package io.pgkeeper.engine.pgbackrest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.repository.DatabaseEntry;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.util.Json;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What pgkeeper recorded about each database when pgBackRest took a backup: pgBackRest's own
 * repository has no room for it, so it lives beside pgkeeper's rendered configuration, one file
 * per backup label, for verify to compare a recovered sandbox with.
 */
public final class PgBackRestFingerprints {
    private static final Pattern LABEL = Pattern.compile("\\d{8}-\\d{6}F(_\\d{8}-\\d{6}[DI])?");

    private final Path dir;
    private final ObjectMapper mapper = Json.mapper();

    public PgBackRestFingerprints(Repository repository, String cluster) {
        this.dir = repository.clusterDir(cluster).resolve("pgbackrest").resolve("fingerprints");
    }

    public void write(String label, List<DatabaseEntry> databases) {
        try {
            SecureFiles.createDirectories(dir);
            SecureFiles.writeAtomically(file(label), mapper.writeValueAsBytes(databases));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The recorded fingerprint, or empty for a backup pgkeeper did not take (or took before it recorded them). */
    public Optional<List<DatabaseEntry>> read(String label) {
        Path f = file(label);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readValue(f.toFile(), new TypeReference<List<DatabaseEntry>>() { }));
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot read the fingerprint " + f + ": " + e.getMessage(), "delete it to verify without a fingerprint", e);
        }
    }

    private Path file(String label) {
        if (!LABEL.matcher(label).matches()) {
            throw PgKeeperException.usage("'" + label + "' is not a pgBackRest backup label", "see pgkeeper list");
        }
        return dir.resolve(label + ".json");
    }
}
