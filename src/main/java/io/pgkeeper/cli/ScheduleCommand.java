package io.pgkeeper.cli;

import static io.pgkeeper.error.ExitCode.FAILED;
import static io.pgkeeper.error.ExitCode.OK;
import static io.pgkeeper.error.ExitCode.USAGE;
import io.pgkeeper.cli.Exits.Exit;

import io.pgkeeper.ops.ScheduleRenderer;
import io.pgkeeper.ops.ScheduledJob;
import io.pgkeeper.ops.SystemdUnits;
import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.policy.Policy;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"Render the policy's clusters.<name>.schedule as crontab lines (default) or systemd units.",
                "Each job runs with the launcher's full path, --policy, --cluster and --quiet; dump, basebackup and prune",
                "also get a --lock-wait, so a run that overlaps another queues instead of failing with exit 4.",
                "Every cluster of the policy, or the one --cluster names. Times are in this machine's time zone, as cron's.",
                "systemd services run as User= the cluster's osUser (--user to change it); a cluster whose password comes",
                "from connection.passwordEnv gets EnvironmentFile=/etc/pgkeeper/<cluster>.env, which you write (0600, root).",
                "--output DIR writes one file per unit there instead of printing them."},
        footerHeading = "%nExamples:%n",
        footer = {"  pgkeeper schedule --policy /etc/pgkeeper/pgkeeper.yaml | crontab -",
                "  pgkeeper schedule --format systemd --output /etc/systemd/system && systemctl daemon-reload",
                "  pgkeeper schedule --next 5"})
@Exits({@Exit(OK), @Exit(value = FAILED, means = "a unit file could not be written (--output)"), @Exit(USAGE)})
final class ScheduleCommand implements Callable<Result> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    enum Format { crontab, systemd }

    @Option(names = "--format", paramLabel = "crontab|systemd", defaultValue = "crontab", description = "what to print (default: crontab)")
    Format format;

    @Option(names = "--next", paramLabel = "N", description = "instead, print each job's next N run times")
    Integer next;

    @Option(names = "--output", paramLabel = "DIR", description = "systemd: write one file per unit into DIR (e.g. /etc/systemd/system)")
    Path output;

    @Option(names = "--user", paramLabel = "NAME", description = "systemd: the User= of every service (default: each cluster's osUser)")
    String user;

    /** What --json prints after the command: the policy's path and each job. */
    record Schedule(String policy, List<Map<String, Object>> jobs) {}

    @Override
    public Result call() {
        if (next != null && next < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--next must be >= 1 (got " + next + ")");
        }
        if ((output != null || user != null) && format != Format.systemd) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--output and --user go with --format systemd");
        }
        CliContext cli = CliContext.of(spec);
        GlobalOptions g = cli.globals();
        Path file = cli.policyFile();
        Policy policy = cli.policy();
        List<ClusterPolicy> clusters = g.cluster().isPresent() ? List.of(policy.cluster(g.cluster()))
                : List.copyOf(new TreeMap<>(policy.clusters()).values());
        ScheduleRenderer renderer = new ScheduleRenderer(file, cli.env());
        // cron's times are the machine's local time
        ZonedDateTime now = ZonedDateTime.ofInstant(cli.clock().instant(), java.time.ZoneId.systemDefault());
        List<ScheduledJob> jobs = new ArrayList<>();
        clusters.forEach(c -> jobs.addAll(renderer.jobs(c, now, next == null ? 0 : next)));
        Schedule details = new Schedule(file.toAbsolutePath().normalize().toString(), jobs.stream().map(ScheduleCommand::json).toList());
        if (g.json() || jobs.isEmpty() || next != null || format == Format.crontab) {
            return new Result(0, Envelope.COMMAND, details, out -> text(out, jobs, file));
        }
        List<SystemdUnits.Unit> units = SystemdUnits.render(jobs, name -> policy.cluster(java.util.Optional.of(name)), java.util.Optional.ofNullable(user));
        String warning = ScheduleRenderer.relativeLauncherWarning(jobs);
        if (output == null) {
            return new Result(0, Envelope.COMMAND, details, out -> out.line(SystemdUnits.asText(units, warning).stripTrailing()));
        }
        // written in text mode only, as before: --json prints what would be scheduled
        List<Path> written = UnitFiles.write(new io.pgkeeper.util.SecureFiles(cli.os()), output, units);
        List<String> timers = units.stream().map(SystemdUnits.Unit::fileName).filter(n -> n.endsWith(".timer")).toList();
        return new Result(0, Envelope.COMMAND, details, out -> {
            written.forEach(p -> out.line("wrote " + p));
            if (!warning.isEmpty()) {
                out.note(warning.stripTrailing());
            }
            out.line("then: systemctl daemon-reload && systemctl enable --now " + String.join(" ", timers));
        });
    }

    private void text(Output out, List<ScheduledJob> jobs, Path file) {
        if (jobs.isEmpty()) {
            out.note("pgkeeper: nothing is scheduled in " + file + "; add clusters.<name>.schedule (see docs/operations.md)");
        } else if (next != null) {
            for (ScheduledJob j : jobs) {
                out.line(j.cluster() + " " + j.job() + " (" + j.cron() + "):");
                j.next().forEach(t -> out.line("  " + t.toOffsetDateTime()));
            }
        } else {
            out.line(ScheduleRenderer.crontab(jobs, file).stripTrailing());
        }
    }

    private static Map<String, Object> json(ScheduledJob j) {
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("cluster", j.cluster());
        d.put("job", j.job());
        d.put("cron", j.cron());
        d.put("argv", j.argv());
        d.put("crontab", ScheduleRenderer.crontabLine(j));
        j.lockWait().ifPresent(w -> d.put("lockWait", io.pgkeeper.util.Durations.format(w)));
        j.onCalendar().ifPresent(c -> d.put("onCalendar", c));
        if (j.onCalendarProblem() != null) {
            d.put("onCalendarProblem", j.onCalendarProblem());
        }
        d.put("next", j.next().stream().map(ZonedDateTime::toOffsetDateTime).map(Object::toString).toList());
        return d;
    }
}
