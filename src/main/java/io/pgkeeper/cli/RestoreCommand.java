package io.pgkeeper.cli;

import static io.pgkeeper.error.ExitCode.FAILED;
import static io.pgkeeper.error.ExitCode.LOCKED;
import static io.pgkeeper.error.ExitCode.OK;
import static io.pgkeeper.error.ExitCode.USAGE;
import static io.pgkeeper.error.ExitCode.VERIFICATION_FAILED;
import io.pgkeeper.cli.Exits.Exit;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.engine.PhysicalEngine;
import io.pgkeeper.restore.ClusterRestoreRequest;
import io.pgkeeper.restore.ClusterRestoreResult;
import io.pgkeeper.restore.ClusterRestoreService;
import io.pgkeeper.restore.LogicalRestoreService;
import io.pgkeeper.restore.PhysicalRestoreRequest;
import io.pgkeeper.restore.PhysicalRestoreResult;
import io.pgkeeper.restore.PhysicalRestoreService;
import io.pgkeeper.restore.PointInTimeRequest;
import io.pgkeeper.restore.PointInTimeRestoreService;
import io.pgkeeper.restore.PointInTimeResult;
import io.pgkeeper.restore.RecoveryTarget;
import io.pgkeeper.restore.RestoreMode;
import io.pgkeeper.restore.RestoreRequest;
import io.pgkeeper.restore.RestoreResult;
import io.pgkeeper.restore.TableName;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
                "Point in time (--database with --target-*): one database, or only the tables named with --table,",
                "  as it was at the target: the newest base backup that finished before it is recovered in a",
                "  private sandbox, the database dumped there and restored into the policy's server under --into",
                "  (through a staging name, with its properties), or the tables into a new schema (--into-schema)",
                "  of an existing database, never over live tables.",
                "An option that the chosen restore cannot honour is refused with exit 2.",
                "Every file read is checked against its sha256 first; a corrupted backup is refused with exit 3."},
        footerHeading = "%nExamples:%n",
        footer = {"  pgkeeper restore --backup latest --database app --into app_restored",
                "  pgkeeper restore --database app --target-time '2026-12-01 14:31:00+00' --into app_1431",
                "  pgkeeper restore --database app --target-time '2026-12-01 14:31:00+00' --table sales.orders",
                "  pgkeeper restore --database app --target-time 2026-12-01T14:31:00Z --table sales.orders --into-schema before_drop",
                "  pgkeeper restore --all --globals --jobs 4          # a whole backup into a new server",
                "  pgkeeper restore --backup 20261121T030000Z --database app --clean --globals --jobs 4",
                "  pgkeeper restore --pgdata /var/lib/postgresql/15/restored --target-time '2026-11-21 14:30:00+00'",
                "  pgkeeper restore --pgdata /srv/pitr --target-name before_migration --start --port 5433",
                "  pgkeeper restore --pgdata /srv/copy --tablespace-map /srv/ts/fast=/srv/copy-ts/fast --start --port 5433",
                "  pgkeeper restore --pgdata /var/lib/postgresql/15/main --force --archive --start   # replaces the primary",
                "  pgkeeper restore --pgdata /srv/replica --standby --primary-conninfo 'host=db1 user=replicator' --start --port 5434"})
@Exits({@Exit(value = OK, means = "restored (with --start: and recovery reached its target)"), @Exit(FAILED), @Exit(USAGE),
        @Exit(value = VERIFICATION_FAILED, means = "a file of the backup does not match its sha256: the backup is refused"), @Exit(LOCKED)})
final class RestoreCommand implements Callable<Result>, WorkCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--backup", paramLabel = "ID|latest", description = "backup to restore (default: latest; for physical restores a --target-time picks the newest backup that finished before it)")
    String backup;

    @Option(names = {"-d", "--database"}, paramLabel = "DB", description = "logical: database of the backup to restore;"
            + " with a --target-*: database to bring back as it was at the target, from a physical backup")
    String database;

    @Option(names = "--all", description = "logical: restore every database of the backup under its own name; existing ones are refused unless --clean")
    boolean all;

    @Option(names = "--into", paramLabel = "NAME", description = "logical and point in time: name of the restored database (default: DB;"
            + " at most 63 bytes); with --table, an existing database takes the tables in a new schema")
    String into;

    @Option(names = "--table", paramLabel = "TABLE", description = "point in time: bring back only this table, written schema.name as SQL"
            + " writes it, with its partitions, indexes and constraints (repeatable)")
    java.util.List<String> tables = new java.util.ArrayList<>();

    @Option(names = "--into-schema", paramLabel = "NAME", description = "point in time, with --table and an existing --into: the new schema the"
            + " tables go into (default: restored_<UTC time of the run>); an existing one is refused")
    String intoSchema;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "logical and point in time: pg_restore parallel jobs (default: logical.jobs)")
    Integer jobs;

    @Option(names = "--clean", description = "logical and point in time: replace the target database if it exists (dropped only after the restore succeeded)")
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
        return pgdata != null || given().stream().anyMatch(RestoreMode.TARGETS::contains) ? "physical" : "logical";
    }

    @Override
    public Result call() {
        if (jobs != null && jobs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--jobs must be >= 1 (got " + jobs + ")");
        }
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        RestoreMode mode = RestoreMode.of(given(), parsed.hasMatchedOption("--target-action")
                ? Optional.of(parsed.matchedOption("--target-action").stringValues().get(0)) : Optional.empty());
        List<TableName> named = tables.stream().map(TableName::parse).toList();
        RunContext ctx = CliContext.open(spec);
        if (mode == RestoreMode.PHYSICAL) {
            RecoveryTarget target = targets.target(targetImmediate, targetAction, Optional.ofNullable(targetTimeline));
            var maps = tablespaceMap.stream().map(io.pgkeeper.restore.TablespaceMapping::parse).toList();
            PhysicalRestoreResult r = Engines.of(ctx.cluster()).restore(ctx, new PhysicalRestoreRequest(Optional.ofNullable(backup), pgdata,
                    target, force, start, Optional.ofNullable(port), archive, maps, standby, Optional.ofNullable(primaryConninfo), lockWait.value()));
            return Result.run(0, r, out -> PhysicalRestoreOutput.text(out, r));
        }
        if (mode == RestoreMode.POINT_IN_TIME) {
            RecoveryTarget target = targets.target(targetImmediate, targetAction, Optional.ofNullable(targetTimeline));
            PhysicalEngine engine = Engines.of(ctx.cluster());
            PointInTimeResult r = new PointInTimeRestoreService(ctx, engine.keepsBackupsInRepository() ? Optional.empty() : Optional.of(engine.name()))
                    .restore(new PointInTimeRequest(Optional.ofNullable(backup), database, target,
                    Optional.ofNullable(into), named, Optional.ofNullable(intoSchema), Optional.ofNullable(jobs), clean, lockWait.value()));
            return Result.run(0, r, out -> PointInTimeRestoreOutput.text(out, r));
        }
        if (mode == RestoreMode.ALL) {
            ClusterRestoreResult r = new ClusterRestoreService(ctx).restore(new ClusterRestoreRequest(backup == null ? "latest" : backup,
                    Optional.ofNullable(jobs), clean, globals, lockWait.value()));
            return Result.run(0, r, out -> LogicalRestoreOutput.text(out, r));
        }
        RestoreResult r = new LogicalRestoreService(ctx).restore(new RestoreRequest(backup == null ? "latest" : backup, database,
                Optional.ofNullable(into), Optional.ofNullable(jobs), clean, globals, lockWait.value()));
        return Result.run(0, r, out -> LogicalRestoreOutput.text(out, r));
    }

    /** restore's own options on the command line, by their long names; the global ones (--json, --policy...) are not restore's. */
    private Set<String> given() {
        Set<String> out = new HashSet<>();
        for (CommandLine.Model.OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            if (RestoreMode.options().contains(o.longestName())) {
                out.add(o.longestName());
            }
        }
        return out;
    }
}
