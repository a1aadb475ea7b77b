package io.pgkeeper.cli;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.restore.ClusterRestoreRequest;
import io.pgkeeper.restore.ClusterRestoreResult;
import io.pgkeeper.restore.ClusterRestoreService;
import io.pgkeeper.restore.LogicalRestoreService;
import io.pgkeeper.restore.PhysicalRestoreRequest;
import io.pgkeeper.restore.PhysicalRestoreResult;
import io.pgkeeper.restore.PhysicalRestoreService;
import io.pgkeeper.restore.RecoveryTarget;
import io.pgkeeper.restore.RestoreRequest;
import io.pgkeeper.restore.RestoreResult;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore a backup.",
                "Logical (--database): one database of a dump into the policy's server, with its properties (settings,",
                "  role settings, ACL, comment, connection limit, owner, locale). It goes into a staging database that",
                "  takes the target name only once it is whole.",
                "Logical (--all): every database of a dump, globals first with --globals: disaster recovery into a new server.",
                "Physical (--pgdata): a base backup into a data directory, set up to recover through",
                "  'pgkeeper archive get' to the recovery target; pg_control is written last.",
                "Every file read is checked against its sha256 first; a corrupted backup is refused with exit 3."},
        footerHeading = "%nExamples:%n",
        footer = {"  pgkeeper restore --backup latest --database app --into app_restored",
                "  pgkeeper restore --all --globals --jobs 4          # a whole backup into a new server",
                "  pgkeeper restore --backup 20261121T030000Z --database app --clean --globals --jobs 4",
                "  pgkeeper restore --pgdata /var/lib/postgresql/15/restored --target-time '2026-11-21 14:30:00+00'",
                "  pgkeeper restore --pgdata /srv/pitr --target-name before_migration --start --port 5433",
                "  pgkeeper restore --pgdata /srv/copy --tablespace-map /srv/ts/fast=/srv/copy-ts/fast --start --port 5433",
                "  pgkeeper restore --pgdata /var/lib/postgresql/15/main --force --archive --start   # replaces the primary",
                "  pgkeeper restore --pgdata /srv/replica --standby --primary-conninfo 'host=db1 user=replicator' --start --port 5434"})
final class RestoreCommand implements Callable<Integer>, WorkCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--backup", paramLabel = "ID|latest", description = "backup to restore (default: latest; for physical restores a --target-time picks the newest backup that finished before it)")
    String backup;

    @Option(names = {"-d", "--database"}, paramLabel = "DB", description = "logical: database of the backup to restore")
    String database;

    @Option(names = "--all", description = "logical: restore every database of the backup under its own name; existing ones are refused unless --clean")
    boolean all;

    @Option(names = "--into", paramLabel = "NAME", description = "logical: name of the restored database (default: DB; at most 63 bytes)")
    String into;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "logical: pg_restore parallel jobs (default: logical.jobs)")
    Integer jobs;

    @Option(names = "--clean", description = "logical: replace the target database if it exists (dropped only after the restore succeeded)")
    boolean clean;

    @Option(names = "--globals", description = "logical: first create the backup's roles and tablespaces that do not exist yet (existing ones are left untouched)")
    boolean globals;

    @Option(names = "--pgdata", paramLabel = "DIR", description = "physical: data directory to restore into (must be empty or new)")
    Path pgdata;

    @CommandLine.Mixin
    RecoveryTargetOptions targets;

    @Option(names = "--target-immediate", description = "physical: stop as soon as the backup is consistent")
    boolean targetImmediate;

    @Option(names = "--target-action", paramLabel = "promote|pause|shutdown", defaultValue = "promote",
            description = "physical: what the server does at the target (default: promote)")
    RecoveryTarget.Action targetAction;

    @Option(names = "--target-timeline", paramLabel = "TLI", description = "physical: latest, current or a timeline number")
    String targetTimeline;

    @Option(names = "--force", description = "physical: replace a stopped data directory (one holding PG_VERSION) or an interrupted restore; nothing else")
    boolean force;

    @Option(names = "--tablespace-map", paramLabel = "OLD=NEW", description = "physical: restore the tablespace that was at OLD into NEW"
            + " (repeatable; write = inside a path as \\=). Without it a tablespace goes back to OLD, only when OLD is absent or empty")
    java.util.List<String> tablespaceMap = new java.util.ArrayList<>();

    @Option(names = "--standby", description = "physical: make a replica (standby.signal and primary_conninfo) that never promotes by itself")
    boolean standby;

    @Option(names = "--primary-conninfo", paramLabel = "CONNINFO", description = "physical, with --standby: the replica's primary (default: the policy's connection); keep passwords in a passfile")
    String primaryConninfo;

    @Option(names = "--start", description = "physical: start the server, wait until recovery reaches the target, report where it stopped")
    boolean start;

    @Option(names = "--port", paramLabel = "PORT", description = "physical: port for the restored server (written to postgresql.auto.conf); --start refuses one in use")
    Integer port;

    @Option(names = "--archive", negatable = true, description = "physical: keep the backup's archiving, for a copy that replaces the primary."
            + " Default --no-archive: archive_mode = off, so a side copy never archives its new timeline into this repository")
    boolean archive;

    @CommandLine.Mixin
    LockWaitOption lockWait;

    @Override
    public String kind() {
        return pgdata != null ? "physical" : "logical";
    }

    @Override
    public Integer call() {
        if (jobs != null && jobs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--jobs must be >= 1 (got " + jobs + ")");
        }
        if (all && (database != null || into != null || pgdata != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--all restores every database under its own name:"
                    + " it excludes --database, --into and --pgdata");
        }
        if (pgdata == null && database == null && !all) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "say what to restore: --database DB or --all for a logical backup, or --pgdata DIR for a physical one");
        }
        if (pgdata != null && database != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--database (logical) and --pgdata (physical) exclude each other");
        }
        RunContext ctx = CliContext.open(spec);
        Output out = new Output(spec);
        if (pgdata != null) {
            RecoveryTarget target = targets.target(targetImmediate, targetAction, Optional.ofNullable(targetTimeline));
            var maps = tablespaceMap.stream().map(io.pgkeeper.restore.TablespaceMapping::parse).toList();
            PhysicalRestoreResult r = Engines.of(ctx.cluster()).restore(ctx, new PhysicalRestoreRequest(Optional.ofNullable(backup), pgdata,
                    target, force, start, Optional.ofNullable(port), archive, maps, standby, Optional.ofNullable(primaryConninfo), lockWait.value()));
            PhysicalRestoreOutput.render(out, r, RunReport.of(spec).finished(spec, ctx.cluster().name(), 0, r));
            return 0;
        }
        if (all) {
            ClusterRestoreResult r = new ClusterRestoreService(ctx).restore(new ClusterRestoreRequest(backup == null ? "latest" : backup,
                    Optional.ofNullable(jobs), clean, globals, lockWait.value()));
            LogicalRestoreOutput.render(out, r, RunReport.of(spec).finished(spec, ctx.cluster().name(), 0, r));
            return 0;
        }
        RestoreResult r = new LogicalRestoreService(ctx).restore(new RestoreRequest(backup == null ? "latest" : backup, database,
                Optional.ofNullable(into), Optional.ofNullable(jobs), clean, globals, lockWait.value()));
        LogicalRestoreOutput.render(out, r, RunReport.of(spec).finished(spec, ctx.cluster().name(), 0, r));
        return 0;
    }
}
