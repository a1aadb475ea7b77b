package io.pgkeeper.ops;

import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.policy.Policy;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.repository.VerifyLog;
import io.pgkeeper.repository.VerifyRecord;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Prometheus textfile (node_exporter's textfile collector): rendered whole from every
 * cluster's run state and repository after each run, then swapped in atomically so a scrape
 * never reads half a file. Labels: cluster, kind, command.
 */
public final class MetricsTextfile {
    private final Repository repository;

    public MetricsTextfile(Repository repository) {
        this.repository = repository;
    }

    /** Re-renders the file for every cluster of the policy. */
    public void rewrite(Policy policy, Path textfile) {
        List<ClusterMetrics> clusters = new ArrayList<>();
        for (String name : new java.util.TreeSet<>(policy.clusters().keySet())) {
            clusters.add(gather(name));
        }
        // 0644, unlike the repository's 0600 files: node_exporter runs as its own user and must read
        // it, and it holds only timestamps, sizes and outcomes, no secret and no data.
        repository.files().write(textfile, (render(clusters) + io.pgkeeper.spool.SpoolMetrics.render(policy)).getBytes(StandardCharsets.UTF_8),
                PosixFilePermissions.fromString("rw-r--r--"));
    }

    ClusterMetrics gather(String cluster) {
        List<RunOutcome> runs = new ArrayList<>(new RunStateStore(repository).read(cluster).values());
        Map<BackupKind, VerifyRecord> verify = new EnumMap<>(BackupKind.class);
        for (VerifyRecord r : new VerifyLog(repository, cluster).all()) {
            if (r.isVerdict() && r.kind() != null) {
                verify.put(r.kind(), r); // the log is in time order: the last one wins
            }
        }
        Map<BackupKind, Instant> newest = new EnumMap<>(BackupKind.class);
        for (Backup b : repository.completed(cluster, Optional.empty())) {
            newest.merge(b.manifest().kind(), b.manifest().finishedAt(), (x, y) -> x.isAfter(y) ? x : y);
        }
        return new ClusterMetrics(cluster, runs, NewestSegment.of(WalArchive.of(repository, cluster)), verify, newest);
    }

    /** The whole file, one family after another, each with HELP and TYPE once. */
    public static String render(List<ClusterMetrics> clusters) {
        StringBuilder sb = new StringBuilder();
        family(sb, "pgkeeper_last_run_success", "1 when the last run of the command succeeded (exit 0), else 0", clusters,
                c -> c.runs().stream().map(r -> sample(c.cluster(), r, r.ok() ? "1" : "0")).toList());
        family(sb, "pgkeeper_last_run_exit_code", "exit code of the last run of the command", clusters,
                c -> c.runs().stream().map(r -> sample(c.cluster(), r, Integer.toString(r.exitCode()))).toList());
        family(sb, "pgkeeper_last_run_timestamp_seconds", "when the last run of the command finished", clusters,
                c -> c.runs().stream().map(r -> sample(c.cluster(), r, seconds(r.finishedAt()))).toList());
        family(sb, "pgkeeper_last_success_timestamp_seconds", "when the command last succeeded", clusters,
                c -> c.runs().stream().filter(r -> r.lastSuccessAt() != null)
                        .map(r -> sample(c.cluster(), r, seconds(r.lastSuccessAt()))).toList());
        family(sb, "pgkeeper_last_duration_seconds", "how long the last run of the command took", clusters,
                c -> c.runs().stream().map(r -> sample(c.cluster(), r, BigDecimal.valueOf(r.durationMs(), 3).toPlainString())).toList());
        family(sb, "pgkeeper_last_backup_size_bytes", "size of the backup the command last made", clusters,
                c -> c.runs().stream().filter(r -> r.sizeBytes() != null)
                        .map(r -> sample(c.cluster(), r, Long.toString(r.sizeBytes()))).toList());
        family(sb, "pgkeeper_backup_newest_timestamp_seconds", "when the newest completed backup of the kind finished", clusters,
                c -> c.newestBackup().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> labels(c.cluster(), e.getKey().dirName(), e.getKey() == BackupKind.LOGICAL ? "dump" : "basebackup")
                                + " " + seconds(e.getValue())).toList());
        family(sb, "pgkeeper_archive_last_segment_timestamp_seconds", "when the newest WAL segment was archived", clusters,
                c -> c.newestSegment().map(s -> List.of(labels(c.cluster(), "wal", "archive push") + " " + seconds(s.archivedAt())))
                        .orElse(List.of()));
        family(sb, "pgkeeper_last_verify_success", "1 when the newest verify verdict on the kind passed, 0 when it failed", clusters,
                c -> c.lastVerify().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> labels(c.cluster(), e.getKey().dirName(), "verify") + " " + (e.getValue().ok() ? "1" : "0")).toList());
        family(sb, "pgkeeper_last_verify_timestamp_seconds", "when the newest verify verdict on the kind was given", clusters,
                c -> c.lastVerify().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> labels(c.cluster(), e.getKey().dirName(), "verify") + " " + seconds(e.getValue().at())).toList());
        return sb.toString();
    }

    private static void family(StringBuilder sb, String name, String help, List<ClusterMetrics> clusters,
            Function<ClusterMetrics, List<String>> samples) {
        List<String> lines = new ArrayList<>();
        clusters.forEach(c -> lines.addAll(samples.apply(c)));
        if (lines.isEmpty()) {
            return;
        }
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" gauge\n");
        lines.forEach(l -> sb.append(name).append(l).append('\n'));
    }

    private static String sample(String cluster, RunOutcome r, String value) {
        return labels(cluster, r.kind(), r.command()) + " " + value;
    }

    private static String labels(String cluster, String kind, String command) {
        return "{cluster=\"" + escape(cluster) + "\",kind=\"" + escape(kind) + "\",command=\"" + escape(command) + "\"}";
    }

    /** The text format's label value escapes: backslash, double quote, line feed. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String seconds(Instant at) {
        return BigDecimal.valueOf(at.toEpochMilli(), 3).toPlainString();
    }
}
