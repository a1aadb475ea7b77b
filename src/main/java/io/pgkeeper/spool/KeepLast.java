package io.pgkeeper.spool;

import io.pgkeeper.archive.WalNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * At the end of the archive PostgreSQL reads the last segment once more, to begin its new timeline
 * with it, after the "not archived" of the one after it. That answer now comes from the launcher
 * ({@link AbsentRecords}), not from Java (whose {@code ReadAhead.keepPrevious} puts the segment
 * back), so the get worker puts it back itself: once per end of the archive, as soon as it is no
 * longer in the queue (recovery took it). Not for a standby ({@code standby.signal} in the data
 * directory the queue is named after): it waits at the end, and every new end would cost a copy.
 */
final class KeepLast {
    private final Path queueDir;
    private String end;
    private boolean kept;

    KeepLast(Path queueDir) {
        this.queueDir = queueDir;
    }

    /** The segment to fetch once more now, if any, given the end of the archive and what is queued or in flight. */
    Optional<String> due(String end, Set<String> queued, Set<String> inFlight, long segmentSize) {
        if (end == null || !WalNames.isSegment(end)) {
            return Optional.empty();
        }
        if (!end.equals(this.end)) {
            this.end = end;
            kept = standby();
        }
        long segno = WalNames.segmentNumber(end, segmentSize);
        if (kept || segno == 0) {
            return Optional.empty();
        }
        String previous = WalNames.segmentName(WalNames.timeline(end), segno - 1, segmentSize);
        if (queued.contains(previous) || inFlight.contains(previous)) {
            return Optional.empty();
        }
        kept = true;
        return Optional.of(previous);
    }

    /** A queue not named after a data directory keeps nothing either. */
    private boolean standby() {
        return RecoveryWatch.dataDir(queueDir).map(d -> Files.exists(d.resolve("standby.signal"))).orElse(true);
    }
}
