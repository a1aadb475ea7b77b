package io.pgkeeper.spool;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Fetches of a read-ahead queue in flight: {@code <queue>/<wal>.fetching}, holding the epoch
 * second it was made. The launcher's shell check ({@code archive-spool.bash}) that finds no entry
 * for the segment recovery asks for waits while its mark is there and fresh (or the worker
 * alive), instead of deferring to Java, whose JVM costs a second or more on a busy host: that is
 * what recovery's first calls meet while the worker starts, and any call that overtakes it. The
 * foreground that starts a worker marks the worker's first segments for it; the worker marks
 * each fetch and clears the mark once the entry is in place (or the fetch failed). A mark proves
 * nothing: the shell serves only an entry, checked as ever; a stale mark costs a wait, bounded.
 * Not fsynced: a mark lost in a crash only sends a call to Java.
 */
final class FetchMarks {
    static final String SUFFIX = ".fetching";

    private FetchMarks() {
    }

    static void mark(Path queueDir, String wal, Instant now) {
        // no mark written: the shell defers that call to Java, which serves or copies it
        QueueFiles.replace(queueDir, wal + SUFFIX, (now.getEpochSecond() + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    static void clear(Path queueDir, String wal) {
        GetQueue.deleteQuietly(queueDir.resolve(wal + SUFFIX));
    }

    /** Clears the marks of segments before {@code request}: recovery is past them. */
    static void clearBefore(Path queueDir, String request) {
        QueueFiles.removeWhere(queueDir, SUFFIX, n -> n.compareTo(request) < 0);
    }
}
