package io.pgkeeper.spool;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Keeps the push spool to what PostgreSQL still waits for. */
final class SpoolCleaner {
    private SpoolCleaner() {}

    /**
     * Removes acknowledgements and error records of files PostgreSQL no longer waits for (it
     * renamed their {@code .ready} to {@code .done} after archive_command exited 0, or the segment
     * is gone), and returns the names that have an error record and still wait.
     */
    static Set<String> settle(Spool spool, Collection<String> ready) {
        Set<String> waiting = ready instanceof Set<String> s ? s : new HashSet<>(ready);
        Set<String> errors = new HashSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(spool.pushDir())) {
            for (Path p : ds) {
                Optional<String> ack = Spool.walOf(p, true);
                Optional<String> error = Spool.walOf(p, false);
                Optional<String> wal = ack.isPresent() ? ack : error;
                if (wal.isEmpty()) {
                    continue;
                }
                if (!waiting.contains(wal.get())) {
                    Files.deleteIfExists(p);
                } else if (error.isPresent()) {
                    errors.add(error.get());
                }
            }
        } catch (IOException e) {
            // the next pass tries again; an acknowledgement left over is checked before it is ever trusted
        }
        return errors;
    }

    /** Temporary files a killed worker left (their names start with a dot); called by the one live worker. */
    static void temporaryFiles(Path dir) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".*")) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // never taken for anything: they only cost space
        }
    }
}
