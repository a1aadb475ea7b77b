package io.pgkeeper.cli;

import io.pgkeeper.backup.BaseBackupService;
import io.pgkeeper.core.RunContext;
import io.pgkeeper.repository.Manifest;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "basebackup", mixinStandardHelpOptions = true,
        description = {"Take one physical backup with pg_basebackup (tar format, WAL streamed).",
                "Checks wal_level, max_wal_senders and the replication privilege first.",
                "Prints the new backup's id; with --json, its manifest (with the WAL range recovery needs)."},
        footerHeading = "%nExamples:%n",
        footer = {"  pgkeeper basebackup", "  pgkeeper --cluster main basebackup --json --lock-wait 1h"})
final class BaseBackupCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    LockWaitOption lockWait;

    @Override
    public Integer call() {
        RunContext ctx = CliContext.open(spec);
        GlobalOptions g = GlobalOptions.of(spec);
        boolean progress = System.console() != null && !g.quiet() && !g.json();
        Manifest m = new BaseBackupService(ctx).backup(lockWait.value(), progress);
        Output out = new Output(spec);
        if (out.json()) {
            out.json(m);
        } else if (ctx.dryRun()) {
            out.line("dry run: nothing was written; the backup would be " + m.id());
        } else {
            out.done(m.id());
        }
        return 0;
    }
}
