package io.pgkeeper.ops;

import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.spool.SpoolReport;
import io.pgkeeper.spool.SpoolState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code status}'s line for asynchronous archiving: the spool's worker, backlog, oldest
 * unacknowledged segment and error records, judged against {@code archive.backlogWarning}. It is
 * missed while the backlog is over the warning or an error record waits: both mean WAL piles up
 * in pg_wal.
 */
final class SpoolObjective {
    private SpoolObjective() {}

    static Objective of(ClusterPolicy cluster, Path repositoryRoot, Instant now) {
        SpoolReport r = SpoolReport.of(cluster, repositoryRoot);
        long warn = cluster.archive().backlogWarning();
        Long age = r.state().map(s -> Math.max(0, Duration.between(s.updatedAt(), now).toSeconds())).orElse(null);
        String found = r.exists() ? r.describe() : "no spool yet at " + r.dir() + " (nothing archived asynchronously)";
        boolean met = r.errors().isEmpty() && r.state().map(SpoolState::backlogBytes).orElse(0L) <= warn;
        return new Objective("archive spool", found, age, "backlogWarning " + (warn >> 20) + "MB, no error record", met);
    }

}
