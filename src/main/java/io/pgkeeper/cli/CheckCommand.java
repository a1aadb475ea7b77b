package io.pgkeeper.cli;

import static io.pgkeeper.error.ExitCode.FAILED;
import static io.pgkeeper.error.ExitCode.OK;
import static io.pgkeeper.error.ExitCode.USAGE;
import io.pgkeeper.cli.Exits.Exit;

import io.pgkeeper.check.CheckReport;
import io.pgkeeper.check.CheckService;
import io.pgkeeper.check.Finding;
import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.ExitCode;
import io.pgkeeper.util.Durations;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Preflight: test that the server and the repository are ready for what the policy asks.",
                "Each probe reports ok, warn or fail with its evidence and the fix:",
                "  server and tools   versions; wal_level, archive_mode, and archive_command against pgkeeper's exact line",
                "  replication        a real replication connection (IDENTIFY_SYSTEM), as pg_basebackup opens one",
                "  privileges         whether the role can read every table, sequence and large object dump reads, and the roles",
                "  archiving          switches WAL and waits (--archive-timeout) for that segment in pgkeeper's archive;",
                "                     on failure, pg_stat_archiver's last failure and the server's log line",
                "  repository         free space, 0700/0600 modes, the owner (the server's OS user), and access tested",
                "                     as that user and as this one; verify's sandbox OS user",
                "Settings only physical backups need fail where the cluster uses them (a basebackup is scheduled, physical",
                "backups or archived WAL exist, or archive_command is pgkeeper's), and only warn otherwise. A failing",
                "archive_command always fails. The archiving probe writes one WAL segment."},
        footerHeading = "%nExamples:%n",
        footer = {"  pgkeeper check", "  pgkeeper check --json --cluster main",
                "  pgkeeper check --archive-timeout 5m     (a busy archiver)"})
@Exits({@Exit(value = OK, means = "no finding failed (warnings allowed)"),
        @Exit(value = FAILED, means = "a finding failed: fix it before relying on the backups"), @Exit(USAGE)})
final class CheckCommand implements Callable<Result> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--archive-timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "how long the archiving probe waits for the switched WAL segment to reach the archive (default: 60s)")
    String archiveTimeout;

    /** What --json prints after the envelope: the lines check compared with, and every finding. */
    record Details(String archiveCommand, String serverUser, List<Finding> findings) {}

    @Override
    public Result call() {
        Duration timeout = parseTimeout();
        CliContext cli = CliContext.of(spec);
        RunContext ctx = cli.run();
        CheckReport report = new CheckService(ctx, cli.policyFile(), Engines.of(ctx.cluster())).run(timeout);
        int code = report.failed() ? ExitCode.FAILED.code() : ExitCode.OK.code();
        Details details = new Details(report.archiveCommand(), report.serverUser(), report.findings());
        return new Result(code, Envelope.of(Envelope.Field.COMMAND, Envelope.Field.CLUSTER, Envelope.Field.OK, Envelope.Field.EXIT_CODE),
                details, out -> {
                    for (Finding f : report.findings()) {
                        String line = String.format("%-4s %-22s %s", f.level(), f.name(), f.message());
                        if (f.level() == Finding.Level.ok) {
                            out.done(line);
                        } else {
                            out.line(line);
                            f.evidence().forEach(e -> out.line("     seen: " + e));
                            out.line("     fix: " + f.fix());
                        }
                    }
                    long fails = report.count(Finding.Level.fail);
                    long warns = report.count(Finding.Level.warn);
                    out.line(fails + " failed, " + warns + " warning" + (warns == 1 ? "" : "s"));
                });
    }

    private Duration parseTimeout() {
        try {
            Duration d = Durations.parse(archiveTimeout).orElseThrow();
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("must be positive");
            }
            return d;
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--archive-timeout: '" + archiveTimeout
                    + "' is not a duration such as 60s, 5m or 1h");
        }
    }
}
