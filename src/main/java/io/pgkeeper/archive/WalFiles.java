package io.pgkeeper.archive;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.repository.RepositoryAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Small file helpers of the WAL archive. */
final class WalFiles {
    private WalFiles() {}

    /** Unique per process and thread: parallel pushes in one JVM must not share a temporary name. */
    static String uniqueSuffix() {
        return ProcessHandle.current().pid() + "-" + Thread.currentThread().getId() + "-" + System.nanoTime();
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort; a leftover temp name is never taken for an archived file
        }
    }

    static String globEscape(String s) {
        return s.replaceAll("([*?\\[\\]{}\\\\])", "\\\\$1");
    }

    /** An access denied inside the repository names the directory that refused, this user and its owner, with the ownership rule. */
    static PgKeeperException failure(String what, IOException e, Path root, Optional<String> serverUser) {
        if (e instanceof java.nio.file.AccessDeniedException denied && denied.getFile() != null) {
            Path blocking = Path.of(denied.getFile());
            while (blocking.getParent() != null && !Files.exists(blocking)) {
                blocking = blocking.getParent(); // what could not be created is named by the directory that refused it
            }
            PgKeeperException pk = RepositoryAccess.denied(blocking, "write", root, serverUser);
            return PgKeeperException.failed(pk.getMessage() + " while " + what, pk.hint().orElse(null), e);
        }
        return WalArchive.ioFailure(what, e);
    }
}
