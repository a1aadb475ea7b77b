package io.pgkeeper.ops;

import io.pgkeeper.archive.ArchivedAt;
import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.archive.WalNames;
import java.time.Instant;
import java.util.Optional;

/**
 * The most recently archived WAL segment, by the time of its stored entry: when archive push made
 * it durable. The newest name is not enough after a timeline switch or a re-push, hence every
 * file's time; they come with the one listing (an object store answers a list with each key's
 * time), so a status of an archive of thousands of segments on S3 is one paginated listing, not a
 * request per segment.
 */
public record NewestSegment(String walName, Instant archivedAt) {

    public static Optional<NewestSegment> of(WalArchive archive) {
        NewestSegment newest = null;
        for (ArchivedAt a : archive.listWithTimes()) {
            if (!WalNames.isSegment(a.file().walName()) || Instant.EPOCH.equals(a.at())) {
                continue; // EPOCH: listed but its time unreadable, nothing to judge the lag by
            }
            if (newest == null || a.at().isAfter(newest.archivedAt())) {
                newest = new NewestSegment(a.file().walName(), a.at());
            }
        }
        return Optional.ofNullable(newest);
    }
}
