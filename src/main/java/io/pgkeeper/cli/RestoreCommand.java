package io.pgkeeper.cli;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.restore.LogicalRestoreService;
import io.pgkeeper.restore.RestoreRequest;
import io.pgkeeper.restore.RestoreResult;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore one database of a logical backup into the policy's server.",
                "Every file read is checked against its sha256 first; a corrupted backup is refused with exit 3.",
                "The restore goes into a staging database that takes the target name only once it is whole."},
        footerHeading = "%nExamples:%n",
        footer = {"  pgkeeper restore --backup latest --database app --into app_restored",
                "  pgkeeper restore --backup 20261121T030000Z --database app --clean --globals --jobs 4"})
final class RestoreCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--backup", paramLabel = "ID|latest", defaultValue = "latest", description = "backup to restore (default: latest)")
    String backup;

    @Option(names = {"-d", "--database"}, paramLabel = "DB", required = true, description = "database of the backup to restore")
    String database;

    @Option(names = "--into", paramLabel = "NAME", description = "name of the restored database (default: DB)")
    String into;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "pg_restore parallel jobs (default: logical.jobs)")
    Integer jobs;

    @Option(names = "--clean", description = "replace the target database if it exists (dropped only after the restore succeeded)")
    boolean clean;

    @Option(names = "--globals", description = "first create the backup's roles that do not exist yet (existing roles are left untouched)")
    boolean globals;

    @CommandLine.Mixin
    LockWaitOption lockWait;

    @Override
    public Integer call() {
        if (jobs != null && jobs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--jobs must be >= 1 (got " + jobs + ")");
        }
        RunContext ctx = CliContext.open(spec);
        RestoreResult r = new LogicalRestoreService(ctx).restore(new RestoreRequest(backup, database, Optional.ofNullable(into),
                Optional.ofNullable(jobs), clean, globals, lockWait.value()));
        Output out = new Output(spec);
        if (out.json()) {
            out.json(r);
        } else if (r.dryRun()) {
            out.line("dry run: nothing was restored");
        } else {
            out.done("restored database \"" + r.database() + "\" of backup " + r.backupId() + " into \"" + r.into() + "\""
                    + (r.replaced() ? " (replaced the existing database)" : "")
                    + (r.createdRoles().isEmpty() ? "" : "; created roles: " + String.join(", ", r.createdRoles())));
        }
        return 0;
    }
}
