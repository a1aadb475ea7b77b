package io.pgkeeper.ops;

import com.cronutils.model.time.ExecutionTime;
import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.policy.CronExpressions;
import io.pgkeeper.policy.ScheduleEntry;
import io.pgkeeper.process.ShellQuote;
import io.pgkeeper.util.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Renders the policy's schedule as crontab lines or systemd units. Every job runs with the full
 * launcher path, the absolute policy path, its cluster and --quiet (cron mails only what
 * matters). Jobs that take the cluster lock get a --lock-wait so that a run that overlaps another
 * queues instead of failing with exit 4: it waits at most until just before its own next run, and
 * never more than {@link #MAX_LOCK_WAIT}.
 */
public final class ScheduleRenderer {
    static final Duration MAX_LOCK_WAIT = Duration.ofHours(6);
    /** Commands with --lock-wait; verify takes no cluster lock. */
    static final Set<String> LOCKING = Set.of("dump", "basebackup", "prune");
    /** Runs looked at to find the shortest gap between two runs of a job. */
    private static final int GAP_SAMPLES = 60;

    private final Path policyFile;
    private final Map<String, String> env;

    public ScheduleRenderer(Path policyFile, Map<String, String> env) {
        this.policyFile = policyFile.toAbsolutePath().normalize();
        this.env = env;
    }

    public List<ScheduledJob> jobs(ClusterPolicy cluster, ZonedDateTime now, int nextCount) {
        List<ScheduledJob> out = new ArrayList<>();
        for (ScheduleEntry e : cluster.schedule().entries()) {
            ExecutionTime times = ExecutionTime.forCron(CronExpressions.parse(e.cron()));
            List<ZonedDateTime> sample = next(times, now, Math.max(GAP_SAMPLES, nextCount));
            Optional<Duration> wait = LOCKING.contains(e.command()) ? Optional.of(lockWait(sample)) : Optional.empty();
            List<String> argv = new ArrayList<>(List.of(LauncherPath.of(cluster, env), "--policy", policyFile.toString(), "--cluster",
                    cluster.name(), "--quiet", e.command()));
            e.type().ifPresent(t -> argv.addAll(List.of("--type", t)));
            wait.ifPresent(w -> argv.addAll(List.of("--lock-wait", Durations.format(w))));
            OnCalendar.Result cal = OnCalendar.translate(e.cron());
            out.add(new ScheduledJob(cluster.name(), e.jobName(), e.cron(), argv, wait, cal.value(), cal.value().isPresent() ? null : cal.reason(),
                    sample.subList(0, Math.min(nextCount, sample.size()))));
        }
        return out;
    }

    private static List<ZonedDateTime> next(ExecutionTime times, ZonedDateTime from, int count) {
        List<ZonedDateTime> out = new ArrayList<>();
        ZonedDateTime at = from;
        for (int i = 0; i < count; i++) {
            Optional<ZonedDateTime> n = times.nextExecution(at);
            if (n.isEmpty()) {
                break;
            }
            out.add(n.get());
            at = n.get();
        }
        return out;
    }

    /** The shortest gap between two consecutive runs, less a minute, between 1 minute and the cap. */
    static Duration lockWait(List<ZonedDateTime> runs) {
        Duration gap = MAX_LOCK_WAIT.plusMinutes(1);
        for (int i = 1; i < runs.size(); i++) {
            Duration d = Duration.between(runs.get(i - 1), runs.get(i));
            if (d.compareTo(gap) < 0) {
                gap = d;
            }
        }
        Duration wait = gap.minusMinutes(1).truncatedTo(ChronoUnit.MINUTES);
        if (wait.compareTo(Duration.ofMinutes(1)) < 0) {
            return Duration.ofMinutes(1);
        }
        return wait.compareTo(MAX_LOCK_WAIT) > 0 ? MAX_LOCK_WAIT : wait;
    }

    /** One crontab line: '%' is crontab's newline, so it is escaped in the command. */
    public static String crontabLine(ScheduledJob job) {
        return job.cron() + " " + ShellQuote.join(job.argv()).replace("%", "\\%");
    }

    public static String crontab(List<ScheduledJob> jobs, Path policyFile) {
        StringBuilder sb = new StringBuilder();
        sb.append("# pgkeeper schedule from ").append(policyFile.toAbsolutePath().normalize()).append('\n');
        sb.append("# install as the user pgkeeper runs as: crontab -e, or /etc/cron.d/pgkeeper with a user field after the 5 times\n");
        warnRelative(jobs, sb);
        for (ScheduledJob j : jobs) {
            sb.append(crontabLine(j)).append('\n');
        }
        return sb.toString();
    }

    /** The warning line for a launcher cron and systemd will not find, or nothing. */
    public static String relativeLauncherWarning(List<ScheduledJob> jobs) {
        StringBuilder sb = new StringBuilder();
        warnRelative(jobs, sb);
        return sb.toString();
    }

    private static void warnRelative(List<ScheduledJob> jobs, StringBuilder sb) {
        if (!jobs.isEmpty() && !jobs.get(0).argv().get(0).startsWith("/")) {
            sb.append("# warning: '").append(jobs.get(0).argv().get(0)).append("' is not an absolute path and cron's PATH is short;"
                    + " set archive.launcher in the policy (or run this through scripts/pgkeeper)\n");
        }
    }
}
