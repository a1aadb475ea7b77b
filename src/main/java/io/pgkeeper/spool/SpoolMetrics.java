package io.pgkeeper.spool;

import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The metrics of asynchronous archiving, for each cluster with {@code archive.async}: the backlog
 * the push worker last saw, whether it passed {@code archive.backlogWarning}, whether a worker
 * runs, and how many error records wait. Part of the metrics textfile (ops.MetricsTextfile).
 */
public final class SpoolMetrics {
    private SpoolMetrics() {}

    public static String render(Policy policy) {
        TreeMap<String, SpoolReport> reports = new TreeMap<>();
        for (ClusterPolicy c : policy.clusters().values()) {
            if (c.archive().async()) {
                reports.put(c.name(), SpoolReport.of(c, policy.repository().path()));
            }
        }
        if (reports.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        family(sb, "pgkeeper_archive_backlog_bytes", "WAL waiting in pg_wal to be archived, as the push worker last saw it", reports,
                r -> Long.toString(r.backlogBytes()));
        family(sb, "pgkeeper_archive_backlog_warning", "1 when the backlog passed archive.backlogWarning", reports,
                r -> r.state().map(s -> s.backlogRaised() ? "1" : "0").orElse("0"));
        family(sb, "pgkeeper_archive_worker_up", "1 when a push worker runs", reports, r -> r.workerPid().isPresent() ? "1" : "0");
        family(sb, "pgkeeper_archive_spool_errors", "error records waiting to be reported to PostgreSQL", reports,
                r -> Integer.toString(r.errors().size()));
        return sb.toString();
    }

    private static void family(StringBuilder sb, String name, String help, TreeMap<String, SpoolReport> reports,
            java.util.function.Function<SpoolReport, String> value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" gauge\n");
        List<String> lines = new ArrayList<>();
        reports.forEach((cluster, r) -> lines.add(name + "{cluster=\"" + cluster.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\",kind=\"wal\",command=\"archive push\"} " + value.apply(r)));
        lines.forEach(l -> sb.append(l).append('\n'));
    }
}
