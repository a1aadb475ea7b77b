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
final class ScheduleCommand implements Callable<Integer> {
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

    @Override
    public Integer call() {
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
        Output out = new Output(spec);
        if (out.json()) {
            List<Map<String, Object>> docs = new ArrayList<>();
            for (ScheduledJob j : jobs) {
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
                docs.add(d);
            }
            out.json(Map.of("command", "schedule", "policy", file.toAbsolutePath().normalize().toString(), "jobs", docs));
            return 0;
        }
        if (jobs.isEmpty()) {
            spec.commandLine().getErr().println("pgkeeper: nothing is scheduled in " + file + "; add clusters.<name>.schedule (see docs/operations.md)");
            spec.commandLine().getErr().flush();
            return 0;
        }
        if (next != null) {
            for (ScheduledJob j : jobs) {
                out.line(j.cluster() + " " + j.job() + " (" + j.cron() + "):");
                j.next().forEach(t -> out.line("  " + t.toOffsetDateTime()));
            }
            return 0;
        }
        if (format == Format.crontab) {
            out.line(ScheduleRenderer.crontab(jobs, file).stripTrailing());
            return 0;
        }
        List<SystemdUnits.Unit> units = SystemdUnits.render(jobs, name -> policy.cluster(java.util.Optional.of(name)), java.util.Optional.ofNullable(user));
        if (output == null) {
            out.line(SystemdUnits.asText(units, ScheduleRenderer.relativeLauncherWarning(jobs)).stripTrailing());
            return 0;
        }
        UnitFiles.write(output, units).forEach(p -> out.line("wrote " + p));
        List<String> timers = units.stream().map(SystemdUnits.Unit::fileName).filter(n -> n.endsWith(".timer")).toList();
        spec.commandLine().getErr().print(ScheduleRenderer.relativeLauncherWarning(jobs));
        out.line("then: systemctl daemon-reload && systemctl enable --now " + String.join(" ", timers));
        return 0;
    }
}
