package io.pgkeeper.ops;

import io.pgkeeper.archive.ArchivedFile;
import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.archive.WalNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;

/**
 * The most recently archived WAL segment, by the file's mtime: when archive push made it durable.
 * The newest name is not enough after a timeline switch or a re-push, hence every file's time.
 */
public record NewestSegment(String walName, Instant archivedAt) {

    public static Optional<NewestSegment> of(WalArchive archive) {
        NewestSegment newest = null;
        for (ArchivedFile f : archive.list()) {
            if (!WalNames.isSegment(f.walName())) {
                continue;
            }
            try {
                Instant at = Files.getLastModifiedTime(f.path()).toInstant();
                if (newest == null || at.isAfter(newest.archivedAt())) {
                    newest = new NewestSegment(f.walName(), at);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading the time of " + f.path(), e);
            }
        }
        return Optional.ofNullable(newest);
    }
}
