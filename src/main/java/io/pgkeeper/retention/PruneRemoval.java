package io.pgkeeper.retention;

import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removes a backup directory so that a crash at any moment leaves either the whole backup under
 * its own name, or a {@code <id>.deleting} leftover that is never listed and that the next prune
 * finishes. The rename comes first and is made durable before a single file goes.
 */
public final class PruneRemoval {
    private PruneRemoval() {}

    /** @return the leftover name the directory was renamed to (the directory itself if it already was one) */
    public static Path remove(Path dir) throws IOException {
        Path doomed = markForDeletion(dir);
        removeTree(doomed);
        return doomed;
    }

    /** Step 1: the atomic rename, then an fsync of the parent so the rename survives a power cut. */
    static Path markForDeletion(Path dir) throws IOException {
        String name = dir.getFileName().toString();
        if (name.endsWith(PruneInputs.LEFTOVER_SUFFIX)) {
            return dir;
        }
        Path parent = dir.toAbsolutePath().getParent();
        Path doomed = parent.resolve(name + PruneInputs.LEFTOVER_SUFFIX);
        if (Files.exists(doomed)) {
            // An older leftover of the same id: it was already decided, so finish it to free the name.
            removeTree(doomed);
        }
        try {
            Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot rename " + dir + " to " + doomed + ": the target appeared while pruning", e);
        }
        SecureFiles.fsyncDirectory(parent);
        return doomed;
    }

    /** Steps 2 and 3: contents deepest first, then the directory; what is already gone is fine. */
    static void removeTree(Path doomed) throws IOException {
        List<Path> deepestFirst;
        try (Stream<Path> walk = Files.walk(doomed)) {
            deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (NoSuchFileException e) {
            return;
        }
        for (Path p : deepestFirst) {
            Files.deleteIfExists(p);
        }
        Path parent = doomed.toAbsolutePath().getParent();
        if (parent != null && Files.isDirectory(parent)) {
            SecureFiles.fsyncDirectory(parent);
        }
    }
}
