package io.pgkeeper.retention;

import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expires WAL below the oldest kept base backup. {@code archive push} may run at the same time and
 * prune never takes its lock, so the listing is a snapshot: a file that vanishes before it is
 * deleted is skipped, and a file that appears after the listing is left for the next prune.
 */
public final class PruneWal {
    private PruneWal() {}

    /** The archive's files that {@link WalExpiry} would delete, sorted by name. */
    public static List<String> expired(Path walDir, String keepFrom) throws IOException {
        return WalExpiry.deletable(listFiles(walDir), keepFrom);
    }

    /** Deletes the expired files and returns the names actually deleted by this call. */
    public static List<String> delete(Path walDir, String keepFrom) throws IOException {
        List<String> deleted = new ArrayList<>();
        for (String name : expired(walDir, keepFrom)) {
            if (Files.deleteIfExists(walDir.resolve(name))) {
                deleted.add(name);
            }
        }
        if (!deleted.isEmpty()) {
            SecureFiles.fsyncDirectory(walDir);
        }
        return deleted;
    }

    private static List<String> listFiles(Path walDir) throws IOException {
        if (!Files.isDirectory(walDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(walDir)) {
            return s.filter(p -> Files.isRegularFile(p)).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }
}
