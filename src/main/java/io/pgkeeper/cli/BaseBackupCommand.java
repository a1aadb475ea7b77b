package io.pgkeeper.cli;

import static io.pgkeeper.error.ExitCode.FAILED;
import static io.pgkeeper.error.ExitCode.LOCKED;
import static io.pgkeeper.error.ExitCode.OK;
import static io.pgkeeper.error.ExitCode.USAGE;
import io.pgkeeper.cli.Exits.Exit;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.engine.BackupType;
import io.pgkeeper.repository.Manifest;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "basebackup", mixinStandardHelpOptions = true,
        description = {"Take one physical backup, with pg_basebackup or pgBackRest.",
                "pg_basebackup writes tar format with the WAL streamed; with physical.engine: pgbackrest, pgBackRest",
                "  takes it (--type full|diff|incr; the stanza is created when missing).",
                "Checks wal_level, max_wal_senders and the replication privilege first.",
                "Prints the new backup's id; with --json, its manifest (with the WAL range recovery needs)."},
        footerHeading = "%nExamples:%n",
        footer = {"  pgkeeper basebackup", "  pgkeeper --cluster main basebackup --json --lock-wait 1h",
                "  pgkeeper basebackup --type incr     # engine pgbackrest"})
@Exits({@Exit(value = OK, means = "the backup is complete and durable (with --prune: and the prune succeeded)"),
        @Exit(value = FAILED, means = "the base backup failed and left no backup; with --prune, also a failed prune (the new backup stays)"),
        @Exit(USAGE), @Exit(LOCKED)})
final class BaseBackupCommand implements Callable<Result>, WorkCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    LockWaitOption lockWait;

    @CommandLine.Option(names = "--type", paramLabel = "full|diff|incr",
            description = "engine pgbackrest only: full, differential (since the last full) or incremental (since the last backup); default full")
    String type;

    @CommandLine.Option(names = "--prune", description = "after a successful base backup, and only then, apply retention as 'pgkeeper prune' does;"
            + " a failed prune exits 1 and the new backup stays")
    boolean prune;

    @Override
    public String kind() {
        return "physical";
    }

    @Override
    public Result call() {
        CliContext cli = CliContext.of(spec);
        RunContext ctx = cli.run();
        boolean progress = cli.terminal();
        java.util.Optional<BackupType> t = java.util.Optional.ofNullable(type).map(x -> BackupType.parse(x)
                .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(), "--type must be full, diff or incr (got '" + x + "')")));
        Manifest m = Engines.of(ctx.cluster()).backup(ctx, lockWait.value(), progress, t);
        return prune ? BackupResults.withPrune(ctx, m, lockWait.value()) : BackupResults.newBackup(ctx, m);
    }
}
