package io.pgkeeper.spool;

import io.pgkeeper.archive.WalArchive;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
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
 * The push worker ({@code archive worker push}): one per spool, by lock. It pushes what
 * PostgreSQL waits to archive ({@code archive_status/*.ready}), {@code processMax} at a time, each
 * through the synchronous push ({@link WalArchive#push}: temporary name, fsync, link, directory
 * fsync, identity and duplicate checks), and writes the acknowledgement only after that returned.
 * Killed at any moment, it leaves no acknowledgement for a file that is not durable.
 *
 * <p>After a failure it writes an error record and pushes nothing new until a foreground call has
 * reported it (and removed it): a full disk or a foreign segment is not worth hammering, and the
 * records PostgreSQL is shown stay about the attempt it retries. It removes acknowledgements and
 * error records PostgreSQL no longer waits for, and exits once nothing has waited for {@link #IDLE}.
 */
final class PushWorker {
    static final Duration IDLE = Duration.ofSeconds(10);
    private static final Duration STAMP_EVERY = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(PushWorker.class);

    private final Archiving a;
    private final Spool spool;
    private final Path walDir;
    private final BacklogAlarm alarm;
    private final AckCheck acks;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<String> finished = new LinkedBlockingQueue<>();
    /** Names whose acknowledgement was checked, or written, by this worker. */
    private final Set<String> acked = new HashSet<>();

    /** @param alarm told when the backlog passes archive.backlogWarning */
    PushWorker(Archiving a, Spool spool, Path walDir, BacklogAlarm alarm) {
        this.a = a;
        this.spool = spool;
        this.walDir = walDir;
        this.alarm = alarm;
        this.acks = new AckCheck(spool, a.archive());
    }

    int run() {
        Optional<WorkerLock> lock = WorkerLock.tryAcquire(spool.pushWorker("worker.lock"), spool.pushWorker("worker.pid"));
        if (lock.isEmpty()) {
            log.debug("another push worker runs for {}", spool.dir());
            return 0;
        }
        ExecutorService pool = Executors.newFixedThreadPool(a.settings().processMax(), r -> {
            Thread t = new Thread(r, "push");
            t.setDaemon(true);
            return t;
        });
        try (WorkerLock held = lock.get()) {
            SpoolCleaner.temporaryFiles(spool.pushDir());
            log.info("archive worker {} started for {} ({} at a time)", ProcessHandle.current().pid(), walDir, a.settings().processMax());
            BacklogWatch backlog = new BacklogWatch(a, spool, alarm);
            Instant idleSince = a.clock().instant();
            Instant stampedAt = Instant.MIN;
            long pushed = 0;
            while (true) {
                if (Duration.between(stampedAt, a.clock().instant()).compareTo(STAMP_EVERY) >= 0) {
                    stampedAt = a.clock().instant();
                    stampBinding();
                }
                Optional<List<String>> ready = ReadyFiles.list(walDir);
                if (ready.isEmpty()) {
                    log.info("archive worker exits: {} is gone", walDir.resolve("archive_status"));
                    break;
                }
                acked.retainAll(ready.get());
                Set<String> errors = SpoolCleaner.settle(spool, ready.get());
                List<String> todo = ready.get().stream().filter(n -> !inFlight.contains(n) && !acked(n)).toList();
                backlog.observe(walDir, ready.get(), todo, inFlight, errors, pushed);
                if (errors.isEmpty()) {
                    for (String name : todo) {
                        if (inFlight.size() >= a.settings().processMax()) {
                            break;
                        }
                        inFlight.add(name);
                        pool.execute(() -> pushOne(name));
                    }
                }
                if (todo.isEmpty() && inFlight.isEmpty()) {
                    if (Duration.between(idleSince, a.clock().instant()).compareTo(IDLE) > 0) {
                        log.info("archive worker exits: nothing to archive for {}s ({} pushed)", IDLE.toSeconds(), pushed);
                        break;
                    }
                } else {
                    idleSince = a.clock().instant();
                }
                pushed += drain();
            }
        } finally {
            pool.shutdown();
            awaitQuietly(pool);
        }
        return 0;
    }

    /** Lets the launcher answer without hashing the policy ({@link BindingStamp}); without it, it hashes: slower, as strict. */
    private void stampBinding() {
        try {
            BindingStamp.refresh(spool.binding(), a.clock().instant());
        } catch (IOException | java.io.UncheckedIOException e) {
            log.debug("binding not stamped: {}", e.getMessage());
        }
    }

    private boolean acked(String name) {
        if (acked.contains(name)) {
            return true;
        }
        if (acks.proven(walDir.resolve(name)).isPresent()) {
            acked.add(name);
            return true;
        }
        return false;
    }

    private void pushOne(String name) {
        try {
            WalArchive.PushResult r = a.archive().push(walDir.resolve(name), a.settings().compress());
            String sysid = a.archive().identity().orElseThrow(() -> new IllegalStateException("the archive has no identity after a push"))
                    .systemIdentifier();
            new Ack(sysid, r.file().path().getFileName().toString()).write(spool.ack(name));
            log.debug("archived {} as {}", name, r.file().path().getFileName());
            finished.add(name);
        } catch (RuntimeException e) {
            log.warn("could not archive {} (PostgreSQL retries it): {}", name, e.getMessage());
            ErrorRecord.of(name, e).write(spool.error(name));
            finished.add("");
        } finally {
            inFlight.remove(name);
        }
    }

    /** Waits a little for pushes to finish; returns how many succeeded. */
    private long drain() {
        long ok = 0;
        try {
            String first = finished.poll(20, TimeUnit.MILLISECONDS);
            for (String n = first; n != null; n = finished.poll()) {
                if (!n.isEmpty()) {
                    acked.add(n);
                    ok++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ok;
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            // pushes in flight finish (or fail) on their own: an interrupted copy would only leave a .tmp- file
            pool.awaitTermination(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
