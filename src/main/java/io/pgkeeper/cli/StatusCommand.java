package io.pgkeeper.cli;

import static io.pgkeeper.error.ExitCode.FAILED;
import static io.pgkeeper.error.ExitCode.OK;
import static io.pgkeeper.error.ExitCode.USAGE;
import static io.pgkeeper.error.ExitCode.VERIFICATION_FAILED;
import io.pgkeeper.cli.Exits.Exit;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.ExitCode;
import io.pgkeeper.ops.Objective;
import io.pgkeeper.ops.StatusReport;
import io.pgkeeper.ops.StatusService;
import io.pgkeeper.util.Durations;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Check the cluster's objectives (clusters.<name>.objectives) against the repository.",
                "Judged: the newest completed backup of each kind and its age (maxBackupAge), the age of the newest",
                "archived WAL segment (maxArchiveLag), the newest passing verify (maxVerifyAge). Objectives not set are",
                "shown but not judged.",
                "Needs no server: it reads only the repository."},
        footerHeading = "%nExamples:%n",
        footer = {"  pgkeeper status", "  pgkeeper status --json --cluster main",
                "  */15 * * * *  /usr/local/bin/pgkeeper --policy /etc/pgkeeper/pgkeeper.yaml status --quiet   (cron mails only misses)"})
@Exits({@Exit(value = OK, means = "every objective holds"), @Exit(value = FAILED, means = "the repository could not be read"),
        @Exit(value = USAGE, means = "policy or usage error, or the repository does not exist"),
        @Exit(value = VERIFICATION_FAILED, means = "an objective is missed (each one is named)")})
final class StatusCommand implements Callable<Result> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Result call() {
        RunContext ctx = CliContext.open(spec);
        StatusReport r = new StatusService(ctx.repository(), ctx.clock()).status(ctx.cluster());
        int code = r.ok() ? ExitCode.OK.code() : ExitCode.VERIFICATION_FAILED.code();
        return new Result(code, Envelope.of(Envelope.Field.COMMAND, Envelope.Field.EXIT_CODE), r, out -> {
            out.done("cluster " + r.cluster() + ":");
            for (Objective o : r.objectives()) {
                String verdict = o.met() == null ? "-" : o.met() ? "ok" : "MISSED";
                String age = o.ageSeconds() == null ? "" : ", " + Durations.format(Duration.ofSeconds(o.ageSeconds())) + " old";
                String line = String.format("  %-6s %-22s %s%s%s", verdict, o.name(), o.found(), age,
                        o.objective() == null ? " (no objective set)" : " (" + o.objective() + ")");
                if (o.missed()) {
                    out.line(line);
                } else {
                    out.done(line);
                }
            }
            if (!r.ok()) {
                out.line("MISSED: " + String.join("; ", r.missed()));
            }
        });
    }
}
