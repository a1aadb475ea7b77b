package io.pgkeeper.repository.storage;

import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Whole directory trees of a POSIX repository: a backup's files listed, made durable, or removed. */
final class PosixTrees {
    private PosixTrees() {}

    /** Every file and directory below {@code dir}, and {@code dir} itself, with keys relative to {@code root}. */
    static List<StoredEntry> walk(Path root, Path dir) throws IOException {
        List<StoredEntry> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String key = root.relativize(p).toString();
                try {
                    out.add(PosixStorage.entry(key, Files.readAttributes(p, BasicFileAttributes.class)));
                } catch (IOException e) {
                    out.add(new StoredEntry(key, false, 0, Instant.EPOCH)); // listed but unreadable: no time to trust
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Collections.sort(out);
        return out;
    }

    /** Contents deepest first, then the directory, then an fsync of its parent; what is already gone is fine. */
    static void deleteAll(Path dir) throws IOException {
        List<Path> deepestFirst;
        try (Stream<Path> walk = Files.walk(dir)) {
            deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (NoSuchFileException e) {
            return;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Path p : deepestFirst) {
            Files.deleteIfExists(p);
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && Files.isDirectory(parent)) {
            SecureFiles.fsyncDirectory(parent);
        }
    }

    /** 0600 files and 0700 directories (tools ignore our umask; run as root they leave root's files), every file and directory fsynced. */
    static void publish(Path dir, SecureFiles files) throws IOException {
        try {
            files.tightenTree(dir);
            SecureFiles.fsyncTree(dir);
            SecureFiles.fsyncDirectory(dir.toAbsolutePath().getParent());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
