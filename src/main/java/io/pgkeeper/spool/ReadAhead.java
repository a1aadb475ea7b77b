package io.pgkeeper.spool;

import io.pgkeeper.archive.ArchiveIdentity;
import io.pgkeeper.archive.ArchivedFile;
import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.archive.WalNames;
import io.pgkeeper.error.PgKeeperException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The foreground of read-ahead {@code archive get}: serves a segment from this recovery's queue
 * when the get worker has it (checked), else gets it from the archive as the synchronous get does,
 * and asks the worker to read ahead from the next one. The exit code contract is the synchronous
 * get's: "not archived" comes only from the archive itself, never from the queue; a queue that
 * cannot be used only makes the call synchronous. History files and {@code .partial} files are
 * never read ahead.
 */
final class ReadAhead {
    private final Archiving a;
    private final Spool spool;

    ReadAhead(Archiving a, Spool spool) {
        this.a = a;
        this.spool = spool;
    }

    void get(String name, Path dest) {
        Optional<GetQueue> queue = WalNames.isSegment(name) ? open() : Optional.empty();
        if (queue.isPresent() && queue.get().serve(name, dest, a.archive(), a.repository().files())) {
            startWorker(queue.get(), name, false);
            return;
        }
        // A miss starts (or redirects) the worker before this call copies its segment: recovery asks for
        // the next one a fraction of a second after, and a worker started after the copy was still
        // starting its JVM then, so the next call missed too. Only for a segment the archive holds:
        // "not archived" (the end of the archive, a standby waiting) starts nothing.
        if (queue.isPresent() && a.archive().find(name).isPresent()) {
            startWorker(queue.get(), name, true);
        }
        try {
            a.archive().get(name, dest);
        } catch (WalArchive.NotArchived e) {
            // a standby (restore_command runs in its data directory) polls on: it reads nothing twice
            if (queue.isPresent() && WalNames.isSegment(name) && !java.nio.file.Files.exists(a.cwd().resolve("standby.signal"))) {
                keepPrevious(queue.get(), name);
            } else if (WalNames.type(name).equals(Optional.of(WalNames.Type.HISTORY))) {
                startAtBackupStart(name);
            }
            throw e;
        }
    }

    /**
     * At the end of the archive PostgreSQL reads the last segment once more, to begin its new
     * timeline with it; the queue gave it away already. Put back in the queue (through the checked
     * get, and checked again when served) it is served by the launcher instead of one more JVM.
     */
    private void keepPrevious(GetQueue q, String name) {
        try {
            long size = segmentSize();
            long segno = WalNames.segmentNumber(name, size);
            if (segno == 0) {
                return;
            }
            String previous = WalNames.segmentName(WalNames.timeline(name), segno - 1, size);
            if (q.entries().stream().anyMatch(e -> e.wal().equals(previous))) {
                return;
            }
            Optional<ArchivedFile> f = a.archive().find(previous);
            if (f.isPresent()) {
                q.fill(a.archive(), previous, f.get());
            }
        } catch (RuntimeException e) {
            // help, never a condition: that read goes to the synchronous get
            LoggerFactory.getLogger(ReadAhead.class).debug("the last segment is not kept in the queue: {}", e.getMessage());
        }
    }

    /**
     * Recovery of a base backup asks first for the history file of the timeline after the backup's
     * (is there a newer timeline to follow?), then for the backup's first segment. When the history
     * file is not archived, that segment comes next: the worker is started for it now, so that
     * the launcher waits for it (FetchMarks) instead of starting a JVM of its own, and the worker's
     * own JVM start overlaps this one's exit; this call puts that first segment in the queue itself,
     * which the worker then skips. Only with a backup_label naming a segment of the
     * timeline before, and no worker running; help, never a condition, as ever.
     */
    private void startAtBackupStart(String history) {
        try {
            Optional<String> start = BackupStart.segment(a.cwd().resolve("backup_label"));
            if (start.isEmpty() || WalNames.timeline(start.get()) + 1 != WalNames.timeline(history)) {
                return;
            }
            Optional<GetQueue> q = open();
            Optional<ArchivedFile> first = a.archive().find(start.get());
            if (q.isPresent() && !WorkerLock.held(q.get().dir().resolve("worker.lock")) && first.isPresent()) {
                try {
                    startFrom(q.get(), start.get(), false);
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(ReadAhead.class).warn("no read-ahead: cannot start the get worker: {}", e.getMessage());
                }
                // and, while the worker's JVM starts, the first segment into the queue (checked, as the worker's are):
                // recovery asks for it next, and on a busy host that JVM takes seconds
                q.get().fill(a.archive(), start.get(), first.get());
                FetchMarks.clear(q.get().dir(), start.get());
            }
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(ReadAhead.class).debug("no early read-ahead: {}", e.getMessage());
        }
    }

    private long segmentSize() {
        return a.archive().identity().map(ArchiveIdentity::segmentSize).filter(s -> s > 0).orElse(16L << 20);
    }

    private Optional<GetQueue> open() {
        try {
            spool.ensure(a.repository().files());
            new AsyncPush(a, spool).storeBinding();
            Optional<GetQueue> q = GetQueue.of(spool, GetQueue.host(), a.cwd());
            if (q.isPresent()) {
                a.repository().files().mkdirs(q.get().dir(), spool.owner());
            }
            return q;
        } catch (PgKeeperException | UncheckedIOException e) {
            LoggerFactory.getLogger(ReadAhead.class).warn("no read-ahead: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * After a miss ({@code missed}), the worker reads ahead from the segment after {@code name}; after a
     * hit, a worker that has exited is started again from there. Read-ahead is help, never a
     * condition: a worker that cannot start leaves recovery to synchronous gets.
     */
    private void startWorker(GetQueue q, String name, boolean missed) {
        try {
            boolean running = WorkerLock.held(q.dir().resolve("worker.lock"));
            if (running && !missed) {
                return;
            }
            startFrom(q, next(name, segmentSize()), running);
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(ReadAhead.class).warn("no read-ahead: cannot start the get worker: {}", e.getMessage());
        }
    }

    /** Asks the worker to read ahead from {@code next}, and starts it unless it is {@code running}. */
    private void startFrom(GetQueue q, String next, boolean running) {
        long segmentSize = segmentSize();
        q.request(next);
        if (!running) {
            // the worker's JVM takes a while to start: the shell waits for these instead of starting one more
            String n = next;
            for (int i = 0; i < a.settings().processMax(); i++, n = next(n, segmentSize)) {
                FetchMarks.mark(q.dir(), n, a.clock().instant());
            }
            a.starter().start(a.workerArgs("get", spool, q.dir()), spool.getDir().resolve("worker.log"), spool.dir());
        }
    }

    static String next(String segment, long segmentSize) {
        return WalNames.segmentName(WalNames.timeline(segment), WalNames.segmentNumber(segment, segmentSize) + 1, segmentSize);
    }
}
