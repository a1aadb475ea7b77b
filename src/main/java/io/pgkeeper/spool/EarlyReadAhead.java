package io.pgkeeper.spool;

import io.pgkeeper.archive.ArchiveIdentity;
import io.pgkeeper.archive.ArchivedFile;
import io.pgkeeper.archive.WalNames;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code pgkeeper restore} prepares for the read-ahead {@code archive get} of the copy it
 * restored, before the server starts: recovery's first calls are then answered by the launcher's
 * shell, without a JVM. A base backup's recovery asks first for the history file of the timeline
 * after the backup's (is there a newer timeline to follow?), then for the backup's first segment
 * (backup_label), then for the segments after it. So, in the data directory's queue
 * ({@link GetQueue}), this puts that first segment (through the checked get, in this warm JVM),
 * records that history file absent when the archive does not hold it ({@link AbsentRecords}; the
 * get worker renews the record until recovery takes something), and starts the get worker
 * reading ahead from the segment after it. Only when the next timeline's history file is not
 * archived: otherwise recovery follows that timeline and asks for other files first.
 *
 * <p>Help, never a condition: any failure is a warning and the restore goes on; recovery then
 * works as without it. A worker that sees no recovery take anything exits after
 * {@link GetWorker#IDLE} and empties the queue.
 */
public final class EarlyReadAhead {
    private static final Logger log = LoggerFactory.getLogger(EarlyReadAhead.class);

    private EarlyReadAhead() {}

    /**
     * What recovery will ask first, from backup_label's first segment: the next timeline's history
     * file, that segment, and the segments the worker fetches first ({@code ahead}, marked in flight
     * for the shell before the worker's JVM is up). Pure.
     */
    record Plan(String first, String nextHistory, List<String> ahead) {
        Plan {
            ahead = List.copyOf(ahead);
        }

        static Plan of(String first, long segmentSize, int processMax) {
            String history = String.format(Locale.ROOT, "%08X.history", WalNames.timeline(first) + 1);
            List<String> ahead = new ArrayList<>();
            String n = first;
            for (int i = 0; i < Math.max(1, processMax); i++) {
                n = ReadAhead.next(n, segmentSize);
                ahead.add(n);
            }
            return new Plan(first, history, ahead);
        }
    }

    /**
     * Prepares the read-ahead of the copy {@code a.cwd()} names (its data directory, where
     * restore_command will run), when the cluster reads ahead ({@code archive.async} and
     * {@code getQueueSize} > 0). Never throws.
     */
    public static void prepare(Archiving a) {
        if (!a.settings().readAhead()) {
            return;
        }
        try {
            Optional<String> start = BackupStart.segment(a.cwd().resolve("backup_label"));
            if (start.isEmpty()) {
                log.debug("no early read-ahead: {} has no backup_label naming its first segment", a.cwd());
                return;
            }
            prepare(a, Plan.of(start.get(), segmentSize(a), a.settings().processMax()));
        } catch (IOException | RuntimeException e) {
            log.warn("restore prepared no read-ahead for the copy's first WAL ({}); its recovery gets that WAL itself, as without read-ahead",
                    e.getMessage());
        }
    }

    private static void prepare(Archiving a, Plan plan) throws IOException {
        if (a.archive().find(plan.nextHistory()).isPresent()) {
            log.info("no early read-ahead: {} is archived, so recovery follows that timeline and asks for its files first", plan.nextHistory());
            return;
        }
        Optional<ArchivedFile> first = a.archive().find(plan.first());
        if (first.isEmpty()) {
            log.debug("no early read-ahead: the backup's first segment {} is not archived", plan.first());
            return;
        }
        Spool spool = a.spool().ensure(a.repository().files());
        // the shell's check needs the binding (its hashes, the archive's path) before any Java call wrote one
        new AsyncPush(a, spool).storeBinding();
        // restore_command runs in the data directory, and the shell names the queue after its real path (cd -P)
        Optional<GetQueue> oq = GetQueue.of(spool, GetQueue.host(), a.cwd().toRealPath());
        if (oq.isEmpty()) {
            log.debug("no early read-ahead: the queue name of {} would be too long", a.cwd());
            return;
        }
        GetQueue q = oq.get();
        a.repository().files().mkdirs(q.dir(), spool.owner());
        // as the worker's entries are: the content's sha256 checked before the entry takes its name, which records
        // the CRC and size the launcher checks when it serves it; the checked get gives it the directory's owner
        q.fill(a.archive(), plan.first(), first.get());
        boolean running = WorkerLock.held(q.dir().resolve("worker.lock"));
        // the worker skips what is queued already: asked from the first segment, it fetches the ones after it,
        // and keeps the first (it removes only entries before what was asked for)
        q.request(plan.first());
        Instant now = a.clock().instant();
        if (!running) {
            for (String n : plan.ahead()) {
                FetchMarks.mark(q.dir(), n, now);
                a.repository().files().inheritOwnership(q.dir().resolve(n + FetchMarks.SUFFIX));
            }
        }
        recordHistoryAbsent(a, spool, q, plan.nextHistory());
        if (!running) {
            start(a, spool, q, plan);
        }
        log.info("read-ahead prepared for the copy's recovery: {} in its queue{}, the get worker reads ahead from {}", plan.first(),
                Files.exists(q.dir().resolve(plan.nextHistory() + AbsentRecords.SUFFIX)) ? ", " + plan.nextHistory() + " recorded not archived" : "",
                plan.ahead().get(0));
    }

    /** Probed now, as late as can be: the shell trusts the record for {@link AbsentRecords#VALID} only, and the worker renews it. */
    private static void recordHistoryAbsent(Archiving a, Spool spool, GetQueue q, String history) {
        Optional<AbsentRecords.Scope> scope = AbsentProbe.scope(a, spool);
        if (scope.isEmpty()) {
            return; // no records for this archive (not listed by the shell): that call goes to Java, as before
        }
        Instant probed = a.clock().instant();
        if (a.archive().find(history).isEmpty()) {
            AbsentRecords.write(q.dir(), history, scope.get(), probed);
            a.repository().files().inheritOwnership(q.dir().resolve(history + AbsentRecords.SUFFIX));
        } else {
            AbsentRecords.clear(q.dir(), history);
        }
    }

    private static void start(Archiving a, Spool spool, GetQueue q, Plan plan) {
        try {
            // detached: restore ran external tools, and kills every process still descending from it when it exits
            a.starter().startDetached(a.workerArgs("get", spool, q.dir()), spool.getDir().resolve("worker.log"), spool.dir());
        } catch (RuntimeException e) {
            // no worker: marks left would make the shell wait for fetches nobody makes
            plan.ahead().forEach(n -> FetchMarks.clear(q.dir(), n));
            throw e;
        }
    }

    private static long segmentSize(Archiving a) {
        return a.archive().identity().map(ArchiveIdentity::segmentSize).filter(s -> s > 0).orElse(16L << 20);
    }
}
