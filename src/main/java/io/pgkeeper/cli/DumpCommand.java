package io.pgkeeper.cli;

import static io.pgkeeper.error.ExitCode.FAILED;
import static io.pgkeeper.error.ExitCode.LOCKED;
import static io.pgkeeper.error.ExitCode.OK;
import static io.pgkeeper.error.ExitCode.USAGE;
import io.pgkeeper.cli.Exits.Exit;

import io.pgkeeper.backup.DumpRequest;
import io.pgkeeper.backup.DumpService;
import io.pgkeeper.core.RunContext;
import io.pgkeeper.repository.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dump", mixinStandardHelpOptions = true,
        description = {"Take one logical backup: the databases the policy selects (or those named), plus globals.",
                "Prints the new backup's id; with --json, its manifest."},
        footerHeading = "%nExamples:%n",
        footer = {"  pgkeeper dump", "  pgkeeper dump --database app --database billing --json",
                "  pgkeeper --policy /etc/pgkeeper/pgkeeper.yaml --cluster main --quiet --lock-wait 30m dump",
                "  pgkeeper dump --prune            # apply retention after a successful dump"})
@Exits({@Exit(value = OK, means = "the backup is complete and durable (with --prune: and the prune succeeded)"),
        @Exit(value = FAILED, means = "the dump failed and left no backup; with --prune, also a failed prune (the new backup stays)"),
        @Exit(USAGE), @Exit(LOCKED)})
final class DumpCommand implements Callable<Result>, WorkCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-d", "--database"}, paramLabel = "DB", description = "dump this database (repeatable); default: the policy's selection")
    List<String> databases = new ArrayList<>();

    @CommandLine.Mixin
    LockWaitOption lockWait;

    @Option(names = "--prune", description = "after a successful dump, and only then, apply retention as 'pgkeeper prune' does;"
            + " a failed prune exits 1 and the new backup stays")
    boolean prune;

    @Override
    public String kind() {
        return "logical";
    }

    @Override
    public Result call() {
        RunContext ctx = CliContext.open(spec);
        Manifest m = new DumpService(ctx).dump(new DumpRequest(databases, lockWait.value()));
        return prune ? BackupResults.withPrune(ctx, m, lockWait.value()) : BackupResults.newBackup(ctx, m);
    }
}
