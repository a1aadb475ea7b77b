package io.pgkeeper.spool;

import io.pgkeeper.policy.ClusterPolicy;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The spool as {@code status}, {@code check} and the metrics file show it: whether a push worker
 * runs, what it last saw (the backlog, the oldest unacknowledged segment), and the error records
 * waiting to be reported to PostgreSQL.
 *
 * @param errors {@code <wal>: <message>} of each error record
 */
public record SpoolReport(Path dir, boolean exists, Optional<Long> workerPid, Optional<SpoolState> state, List<String> errors) {

    public SpoolReport {
        errors = List.copyOf(errors);
    }

    public static SpoolReport of(ClusterPolicy cluster, Path repositoryRoot) {
        Spool spool = new Spool(Spool.dirOf(cluster.archive(), repositoryRoot, cluster.name()), Optional.of(cluster.osUser()));
        if (!Files.isDirectory(spool.pushDir())) {
            return new SpoolReport(spool.dir(), false, Optional.empty(), Optional.empty(), List.of());
        }
        List<String> errors = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(spool.pushDir(), "*.error")) {
            for (Path p : ds) {
                Spool.walOf(p, false).flatMap(w -> ErrorRecord.read(w, p)).ifPresent(r -> errors.add(r.wal() + ": " + r.message()));
            }
        } catch (IOException e) {
            errors.add("the spool cannot be read as this user: " + e.getMessage());
        }
        errors.sort(null);
        return new SpoolReport(spool.dir(), true, WorkerLock.livePid(spool.pushWorker("worker.pid")),
                SpoolState.read(spool.pushWorker(SpoolState.FILE)), errors);
    }

    /** The backlog the worker last saw, in bytes; 0 when it saw none or never ran. */
    public long backlogBytes() {
        return state.map(SpoolState::backlogBytes).orElse(0L);
    }

    /** One line for people: worker, backlog, oldest unacknowledged segment, error records. */
    public String describe() {
        StringBuilder sb = new StringBuilder(workerPid.map(p -> "worker running (pid " + p + ")").orElse("no worker running"));
        state.ifPresent(s -> {
            sb.append("; ").append(s.ready()).append(" WAL files waiting (").append(s.backlogBytes() >> 20).append(" MiB) at ").append(s.updatedAt());
            if (s.oldestUnacknowledged() != null) {
                sb.append(", oldest unacknowledged ").append(s.oldestUnacknowledged());
            }
        });
        if (!errors.isEmpty()) {
            sb.append("; ").append(errors.size()).append(" error record(s): ").append(errors.get(0));
        }
        return sb.toString();
    }
}
