package io.pgkeeper.ops;

import io.pgkeeper.archive.ArchivedFile;
import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.archive.WalNames;
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
            // through the storage: an object store's "file" is no local path (one stat each; gone since the listing: skipped)
            Optional<Instant> at = archive.archivedAt(f);
            if (at.isPresent() && (newest == null || at.get().isAfter(newest.archivedAt()))) {
                newest = new NewestSegment(f.walName(), at.get());
            }
        }
        return Optional.ofNullable(newest);
    }
}
