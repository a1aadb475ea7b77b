package io.pgkeeper.repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/** A backup directory without a manifest: interrupted or failed, never a backup. */
public record Attempt(Path dir, String id, BackupKind kind, Instant lastModified) {

    static Attempt of(Path dir, String id, BackupKind kind) {
        return new Attempt(dir, id, kind, lastModified(dir));
    }

    /** The newest modification time inside; the epoch when unreadable, so prune's grace period never protects it forever. */
    private static Instant lastModified(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> {
                try {
                    return Files.getLastModifiedTime(p).toInstant();
                } catch (IOException e) {
                    return Instant.EPOCH;
                }
            }).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }
}
