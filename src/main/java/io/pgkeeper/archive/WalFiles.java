package io.pgkeeper.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small file helpers of the WAL archive's local side: the file recovery asked for. */
final class WalFiles {
    private WalFiles() {}

    /** Unique per process and thread: parallel gets in one JVM must not share a temporary name. */
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
}
