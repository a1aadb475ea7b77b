package io.pgkeeper.ops;

import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.VerifyRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the metrics file says about one cluster, gathered from its run state and its repository. */
public record ClusterMetrics(String cluster, List<RunOutcome> runs, Optional<NewestSegment> newestSegment,
        Map<BackupKind, VerifyRecord> lastVerify, Map<BackupKind, Instant> newestBackup) {

    public ClusterMetrics {
        runs = List.copyOf(runs);
        lastVerify = Map.copyOf(lastVerify);
        newestBackup = Map.copyOf(newestBackup);
    }
}
