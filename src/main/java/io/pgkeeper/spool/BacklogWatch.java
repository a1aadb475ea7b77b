package io.pgkeeper.spool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgkeeper.archive.ArchiveIdentity;
import io.pgkeeper.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push worker's report on the backlog, the WAL PostgreSQL keeps in pg_wal until it is
 * archived: {@code state.json} about once a second, and, when the backlog passes
 * {@code archive.backlogWarning}, a warning in the log, the {@code onFailure} notifiers and the
 * metrics file (and {@code onRecovery} once it is back under half). It never drops WAL: a backlog
 * is the operator's to resolve, and a segment reported archived that is not would break recovery.
 */
final class BacklogWatch {
    private static final Logger log = LoggerFactory.getLogger(BacklogWatch.class);
    private static final Duration EVERY = Duration.ofSeconds(1);

    private final Archiving a;
    private final Spool spool;
    private final BacklogAlarm alarm;
    private final long segmentSize;
    private boolean raised;
    private Instant written = Instant.EPOCH;

    BacklogWatch(Archiving a, Spool spool, BacklogAlarm alarm) {
        this.a = a;
        this.spool = spool;
        this.alarm = alarm;
        this.segmentSize = a.archive().identity().map(ArchiveIdentity::segmentSize).filter(s -> s > 0).orElse(16L << 20);
        this.raised = SpoolState.read(spool.pushWorker(SpoolState.FILE)).map(SpoolState::backlogRaised).orElse(false);
    }

    void observe(Path walDir, List<String> ready, List<String> todo, Collection<String> inFlight, Collection<String> errors, long pushed) {
        long backlog = ready.size() * segmentSize;
        long warn = a.settings().backlogWarning();
        boolean cross = !raised && backlog > warn;
        boolean back = raised && backlog < warn / 2;
        Instant now = a.clock().instant();
        if (!cross && !back && Duration.between(written, now).compareTo(EVERY) < 0) {
            return;
        }
        List<String> open = new ArrayList<>(todo);
        open.addAll(inFlight);
        open.sort(ReadyFiles.ORDER);
        String oldest = open.isEmpty() ? null : open.get(0);
        if (cross || back) {
            raised = cross;
            tell(cross, ready.size(), backlog, warn, oldest);
        }
        new SpoolState(ProcessHandle.current().pid(), now, walDir.toString(), ready.size(), open.size(), oldest, List.copyOf(errors), pushed,
                backlog, warn, raised, peakRss()).write(spool.pushWorker(SpoolState.FILE));
        written = now;
    }

    private void tell(boolean cross, int segments, long backlog, long warn, String oldest) {
        String message = cross
                ? "archive backlog of cluster " + a.cluster().name() + ": " + segments + " WAL files (" + (backlog >> 20) + " MiB) wait in pg_wal"
                        + " to be archived, more than archive.backlogWarning (" + (warn >> 20) + " MiB); nothing is dropped, pg_wal grows"
                        + " until archiving catches up"
                : "archive backlog of cluster " + a.cluster().name() + " is back to " + segments + " WAL files (" + (backlog >> 20) + " MiB)";
        if (cross) {
            log.warn("{}", message);
        } else {
            log.info("{}", message);
        }
        ObjectNode doc = Json.mapper().createObjectNode();
        doc.put("command", "archive push");
        doc.put("cluster", a.cluster().name());
        doc.put("ok", !cross);
        doc.put("event", cross ? "archive backlog" : "archive backlog cleared");
        doc.put("message", message);
        doc.put("backlogFiles", segments);
        doc.put("backlogBytes", backlog);
        doc.put("backlogWarning", warn);
        if (oldest != null) {
            doc.put("oldestUnacknowledged", oldest);
        }
        doc.put("at", a.clock().instant().toString());
        try {
            alarm.tell(cross, doc.toString().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            // telling is best effort: the worker's job is archiving, and the log line above stays
            log.warn("could not tell about the archive backlog: {}", e.getMessage());
        }
    }

    /** VmHWM of this process, in bytes; 0 where /proc does not say. */
    static long peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or not readable: the peak is simply not reported
        }
        return 0;
    }
}
