package io.pgkeeper.cli;

import static io.pgkeeper.error.ExitCode.OK;
import static io.pgkeeper.error.ExitCode.USAGE;
import io.pgkeeper.cli.Exits.Exit;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pgkeeper.ops.LauncherPath;
import io.pgkeeper.engine.CommandLines;
import io.pgkeeper.engine.PhysicalEngine;
import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.policy.Policy;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code archive command-line}: the exact archive_command and restore_command for this policy
 * and cluster, for either engine (with pgbackrest, pgkeeper delegates to archive-push/-get).
 */
@Command(name = "command-line", mixinStandardHelpOptions = true,
        description = {"Print the archive_command and restore_command lines to put in postgresql.conf for this policy and cluster.",
                "They run 'pgkeeper archive push|get', which with physical.engine pgbackrest delegates to pgbackrest archive-push|get."},
        footerHeading = "%nExamples:%n",
        footer = {"  pgkeeper --cluster main archive command-line >> /etc/postgresql/15/main/conf.d/archive.conf"})
@Exits({@Exit(OK), @Exit(USAGE)})
final class ArchiveCommandLine implements Callable<Result> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** What --json prints after the command and the cluster; the keys are postgresql.conf's. */
    record Lines(String engine, @JsonProperty("archive_command") String archiveCommand, @JsonProperty("restore_command") String restoreCommand) {}

    @Override
    public Result call() {
        CliContext cli = CliContext.of(spec);
        Policy policy = cli.policy();
        ClusterPolicy cluster = cli.cluster();
        String launcher = LauncherPath.of(cluster, cli.env());
        PhysicalEngine engine = Engines.of(cluster);
        CommandLines lines = engine.commandLines(launcher, policy.source(), cluster, policy.repository().path());
        Lines details = new Lines(engine.name(), lines.archiveCommand(), lines.restoreCommand());
        return new Result(0, Envelope.of(Envelope.Field.COMMAND, Envelope.Field.CLUSTER), details, out -> {
            out.line("archive_mode = on");
            out.line("archive_command = " + CommandLines.quoted(lines.archiveCommand()));
            out.line("restore_command = " + CommandLines.quoted(lines.restoreCommand()));
        });
    }
}
