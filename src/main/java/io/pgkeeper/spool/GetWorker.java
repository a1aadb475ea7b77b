package io.pgkeeper.spool;

import io.pgkeeper.archive.ArchiveIdentity;
import io.pgkeeper.archive.ArchivedFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The get worker ({@code archive worker get}): one per read-ahead queue, by lock. From the
 * segment the foreground asked for ({@code next}) it fetches the following ones of that timeline,
 * {@code processMax} at a time, each through the synchronous get (which checks the content's
 * sha256 before the entry appears under its name), while the queue holds less than
 * {@code archive.getQueueSize}. A segment not archived yet is asked for again every second (a
 * standby follows an archive that grows). It removes entries before the point recovery asked for,
 * and exits, emptying the queue, once recovery has taken nothing for {@link #IDLE} or is over
 * ({@link RecoveryWatch}: PostgreSQL promoted the copy). What it finds
 * absent (the segment past the end of the archive, and then the history files of that timeline and
 * the next) it records ({@link AbsentRecords}), so that the launcher answers those calls without a JVM.
 */
final class GetWorker {
    static final Duration IDLE = Duration.ofSeconds(30);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(GetWorker.class);

    private final Archiving a;
    private final GetQueue queue;
    private final Spool spool;
    private Optional<AbsentRecords.Scope> scope = Optional.empty();
    private final long segmentSize;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<Optional<String>> done = new LinkedBlockingQueue<>();
    /** The highest segment fetched into the queue so far: the end of the archive is behind it once it passes. */
    private final java.util.concurrent.atomic.AtomicReference<String> highestFetched = new java.util.concurrent.atomic.AtomicReference<>("");

    GetWorker(Archiving a, Spool spool, Path queueDir) {
        this.a = a;
        this.queue = new GetQueue(queueDir);
        this.spool = spool;
        this.segmentSize = a.archive().identity().map(ArchiveIdentity::segmentSize).filter(s -> s > 0).orElse(16L << 20);
    }

    int run() {
        Optional<WorkerLock> lock = WorkerLock.tryAcquire(queue.dir().resolve("worker.lock"), queue.dir().resolve("worker.pid"));
        if (lock.isEmpty()) {
            return 0;
        }
        ExecutorService pool = Executors.newFixedThreadPool(a.settings().processMax(), r -> {
            Thread t = new Thread(r, "get");
            t.setDaemon(true);
            return t;
        });
        boolean idle = false;
        try (WorkerLock held = lock.get(); QueueWake wake = QueueWake.start(queue.dir(), () -> done.add(Optional.empty()))) {
            SpoolCleaner.temporaryFiles(queue.dir());
            scope = AbsentProbe.scope(a, spool);
            String request = queue.requested().orElse(null);
            String pointer = request;
            Instant retryAt = Instant.EPOCH;
            Instant active = a.clock().instant();
            int entriesBefore = -1;
            String end = null;
            KeepLast keepLast = new KeepLast(queue.dir());
            RecoveryWatch recovery = new RecoveryWatch(queue.dir());
            // until recovery takes something, the history records restore left keep fresh (EarlyReadAhead)
            boolean taken = false;
            Instant renewAt = Instant.EPOCH;
            log.info("get worker {} reads ahead for {} from {}", ProcessHandle.current().pid(), queue.dir().getFileName(), pointer);
            while (pointer != null && Files.isDirectory(queue.dir())) {
                String asked = queue.requested().orElse(request);
                if (!asked.equals(request)) {
                    request = asked;
                    pointer = asked;
                    active = a.clock().instant();
                    taken = true;
                    FetchMarks.clearBefore(queue.dir(), request);
                    AbsentRecords.clearBefore(queue.dir(), request);
                }
                List<GetQueue.Entry> entries = queue.entries();
                for (GetQueue.Entry e : entries) {
                    if (e.wal().compareTo(request) < 0) {
                        GetQueue.deleteQuietly(e.path()); // recovery is past it, or on another timeline
                    }
                }
                entries = queue.entries();
                if (entries.size() < entriesBefore) {
                    active = a.clock().instant(); // recovery took some
                    taken = true;
                }
                if (!taken && scope.isPresent() && !a.clock().instant().isBefore(renewAt)) {
                    AbsentProbe.renewHistories(a, queue.dir(), scope.get());
                    renewAt = a.clock().instant().plus(RETRY);
                }
                entriesBefore = entries.size();
                long room = a.settings().getQueueSize() - (entries.size() + (long) inFlight.size()) * segmentSize;
                Set<String> queued = new java.util.HashSet<>();
                entries.forEach(e -> queued.add(e.wal()));
                if (end != null && highestFetched.get().compareTo(end) >= 0) {
                    end = null; // archived since, and fetched (recovery may have taken it already): the archive grows
                }
                while (room >= segmentSize && inFlight.size() < a.settings().processMax() && !a.clock().instant().isBefore(retryAt)) {
                    if (end != null && pointer.compareTo(end) > 0 && !inFlight.isEmpty()) {
                        break; // past the end of the archive, one probe at a time: two answers "absent" made the end flap
                    }
                    String name = pointer;
                    pointer = ReadAhead.next(pointer, segmentSize);
                    if (queued.contains(name) || !inFlight.add(name)) {
                        continue;
                    }
                    room -= segmentSize;
                    pool.execute(() -> fetch(name));
                }
                Optional<String> again = keepLast.due(end, queued, inFlight, segmentSize);
                if (again.isPresent() && inFlight.add(again.get())) {
                    pool.execute(() -> fetch(again.get()));
                }
                Optional<String> missing = drain();
                // the lowest segment found absent; it moves on only once that one is archived (above)
                if (missing.isPresent() && (end == null || missing.get().compareTo(end) < 0)) {
                    end = missing.get();
                    log.info("get worker: {} is not archived (yet): the end of the archive for now{}", end, scope.isPresent() ? ", recorded for the launcher" : "");
                }
                if (missing.isPresent()) {
                    // the archive ends there (for now): ask again for it, and what follows, a second from now
                    pointer = missing.get().compareTo(pointer) < 0 ? missing.get() : pointer;
                    retryAt = a.clock().instant().plus(RETRY);
                }
                if (inFlight.isEmpty() && Duration.between(active, a.clock().instant()).compareTo(IDLE) > 0) {
                    idle = true;
                    log.info("get worker exits: recovery took nothing from {} for {}s", queue.dir().getFileName(), IDLE.toSeconds());
                    break;
                }
                boolean over = recovery.over(a.clock().instant()); // looked at each time: it must see the signal file before it goes
                if (inFlight.isEmpty() && over) {
                    idle = true;
                    log.info("get worker exits: the recovery of {} is over (PostgreSQL removed its signal file)", queue.dir().getFileName());
                    break;
                }
            }
            if (!idle && !Files.isDirectory(queue.dir())) {
                log.info("get worker exits: the queue of {} is gone (dropped at the promotion pgkeeper watched, or removed by hand)",
                        queue.dir().getFileName());
            }
            pool.shutdownNow();
            awaitQuietly(pool);
            if (idle) {
                empty(queue.dir());
            }
        } finally {
            pool.shutdownNow();
        }
        if (idle) {
            GetQueue.deleteQuietly(queue.dir().resolve("worker.lock"));
            GetQueue.deleteQuietly(queue.dir());
        }
        return 0;
    }

    private void fetch(String name) {
        Instant probed = a.clock().instant();
        FetchMarks.mark(queue.dir(), name, probed);
        try {
            Optional<ArchivedFile> f = a.archive().find(name);
            if (f.isEmpty()) {
                // recorded before the mark goes: the shell looks for the mark, then the entry, then this record
                scope.ifPresent(s -> AbsentProbe.recordEnd(a, queue.dir(), s, name, probed));
                done.add(Optional.of(name));
                return;
            }
            AbsentRecords.clear(queue.dir(), name);
            queue.fill(a.archive(), name, f.get());
            highestFetched.accumulateAndGet(name, (x, y) -> x.compareTo(y) >= 0 ? x : y);
            done.add(Optional.empty());
        } catch (RuntimeException e) {
            if (!java.nio.file.Files.isDirectory(queue.dir())) {
                // the queue was dropped under the fetch: the recovery was promoted (FinishedRecovery), nobody waits for it
                log.debug("get worker: queue gone while fetching {}: recovery finished", name);
            } else {
                // recovery's own get of it meets the same problem and stops with its message (exit 126)
                log.warn("get worker: cannot read ahead {}: {}", name, e.getMessage());
            }
            done.add(Optional.of(name));
        } finally {
            // after the entry took its name: the shell looks for the mark, then for the entry
            FetchMarks.clear(queue.dir(), name);
            inFlight.remove(name);
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits for a fetch to end or the queue to change ({@link QueueWake}), at most
     * {@link QueueWake#FALLBACK} ms; returns the first segment that could not be fetched, if any.
     */
    private Optional<String> drain() {
        Optional<String> missing = Optional.empty();
        try {
            Optional<String> r = done.poll(QueueWake.FALLBACK, TimeUnit.MILLISECONDS);
            for (; r != null; r = done.poll()) {
                if (r.isPresent() && (missing.isEmpty() || r.get().compareTo(missing.get()) < 0)) {
                    missing = r;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return missing;
    }

    /**
     * Removes what recovery did not take (this recovery's copies: it is over or paused), all but
     * the lock, which is held while this runs and removed with the directory after.
     */
    private static void empty(Path dir) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (!p.getFileName().toString().equals("worker.lock")) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // a later worker for this directory empties it, or the operator: it holds only copies of archived WAL
        }
    }
}
