package io.pgkeeper.engine.pgbackrest;

import io.pgkeeper.restore.CopySettings;
import io.pgkeeper.restore.CopyStart;
import io.pgkeeper.restore.PhysicalRestoreRequest;
import io.pgkeeper.restore.PhysicalRestoreResult;
import io.pgkeeper.restore.PhysicalRestoreService;
import io.pgkeeper.restore.RecoveryTarget;
import io.pgkeeper.restore.RestoreWriter;
import io.pgkeeper.restore.TablespacePlan;
import io.pgkeeper.restore.TargetDirectory;
import io.pgkeeper.restore.TargetFit;
import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.LocalServer;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.repository.ClusterLock;
import io.pgkeeper.repository.LockName;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A physical restore with engine pgbackrest: the same refusals, backup choice, tablespace plan
 * and --start as the pg_basebackup path, but pgbackrest restore writes the files and the recovery
 * settings, with restore_command = pgbackrest archive-get. --force becomes --delta, and only after
 * every tablespace directory was checked: --delta would overwrite whatever is there.
 */
final class PgBackRestRestore {
    private static final Logger log = LoggerFactory.getLogger(PgBackRestRestore.class);
    /** PostgreSQL reads recovery_target_time in this form; UTC keeps it unambiguous. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    private final RunContext ctx;

    PgBackRestRestore(RunContext ctx) {
        this.ctx = ctx;
    }

    PhysicalRestoreResult restore(PhysicalRestoreRequest req) {
        long started = System.nanoTime();
        String cluster = ctx.cluster().name();
        Path pgdata = req.pgdata().toAbsolutePath().normalize();
        TargetDirectory.check(pgdata, req.force());
        PgBackRestTool tool = PgBackRestTool.open(ctx);
        PgBackRestInfo info = tool.info();
        TargetFit.Chosen<PgBackRestBackup> chosen = choose(info, req);
        PgBackRestBackup backup = chosen.backup();
        Map<String, Path> replaced = req.force() && Files.exists(pgdata) ? TargetDirectory.tablespaceLinks(pgdata) : Map.of();
        List<TablespacePlan.Placement> tablespaces = TablespacePlan.plan(PgBackRestTablespaces.read(tool, backup.label()), req.tablespaceMap(),
                pgdata, replaced);
        if (req.start()) {
            req.port().ifPresent(p -> PhysicalRestoreService.requireFreePort(p, true));
        }
        List<String> argv = PgBackRest.restore(tool.invocation(), options(req, pgdata, backup.label(), tablespaces, tool.restoreCommand()));
        String pgVersion = backup.pgVersion() == null ? "0" : backup.pgVersion();
        PgTools tools = ctx.binaries().serverOfMajor(PhysicalRestoreService.major(pgVersion), ctx.cluster().binDir(), true);
        String startCommand = CopyStart.startCommand(ctx, tools, pgdata);
        CopySettings copy = CopySettings.of(req, pgdata, tool.restoreCommand().orElse("pgbackrest archive-get"), cluster, ctx.cluster().connection());
        log.info("restoring pgBackRest backup {} into {} ({})", backup.label(), pgdata, chosen.why());
        if (ctx.dryRun()) {
            ctx.runner().run(ToolCall.of("pgbackrest", argv, Map.of(), ctx.cluster().timeouts().restore()));
            return result(backup.label(), pgdata, chosen.why(), req, copy, List.of(), List.of(), tablespaces, startCommand, null, 0, true);
        }
        PgBackRestSettings.Rewritten settings;
        try (ClusterLock lock = ctx.repository().lock(cluster, LockName.PHYSICAL_RESTORE, "restore into " + pgdata, req.lockWait())) {
            prepare(pgdata, tablespaces);
            tool.runOrThrow("pgbackrest restore of backup " + backup.label() + " into " + pgdata + " failed", argv,
                    ctx.cluster().timeouts().restore(), false);
            settings = PgBackRestSettings.rewrite(pgdata, copy, ctx.os().runAs(ctx.cluster().osUser()));
            RestoreWriter.createLog(copy.logFile(), ctx.os().runAs(ctx.cluster().osUser()));
        }
        PhysicalRestoreResult.Reached reached = null;
        if (req.start()) {
            int port = req.port().orElseGet(() -> settings.port().orElse(5432));
            reached = new CopyStart(ctx, tools, pgdata, copy.logFile()).startAndWait(PhysicalRestoreService.goal(req), port, Optional.empty());
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        return result(backup.label(), pgdata, chosen.why(), req, copy, settings.settings(), settings.removed(), tablespaces, startCommand, reached,
                ms, false);
    }

    private PhysicalRestoreResult result(String label, Path pgdata, String why, PhysicalRestoreRequest req, CopySettings copy, List<String> settings,
            List<String> removed, List<TablespacePlan.Placement> tablespaces, String startCommand, PhysicalRestoreResult.Reached reached, long ms,
            boolean dryRun) {
        List<PhysicalRestoreResult.RestoredTablespace> ts = tablespaces.stream()
                .map(t -> new PhysicalRestoreResult.RestoredTablespace(t.oid(), t.name(), t.from().toString(), t.to().toString())).toList();
        return new PhysicalRestoreResult(label, ctx.cluster().name(), pgdata.toString(), why, req.standby() ? "standby (no target)"
                : req.target().describe(), req.standby(), false, settings, removed, ts, copy.archiving(), copy.logFile().toString(), startCommand,
                reached, copy.warnings(), ms, dryRun);
    }

    private TargetFit.Chosen<PgBackRestBackup> choose(PgBackRestInfo info, PhysicalRestoreRequest req) {
        List<PgBackRestBackup> all = info.backups().stream().filter(b -> !b.error()).toList();
        if (all.isEmpty()) {
            throw PgKeeperException.usage("stanza " + info.stanza() + " of cluster " + ctx.cluster().name() + " has no usable pgBackRest backup ("
                    + info.statusMessage() + ")", "take one first: pgkeeper basebackup");
        }
        if (req.backupId().isPresent()) {
            String label = req.backupId().get();
            PgBackRestBackup b = label.equals("latest") ? all.get(all.size() - 1) : info.find(label).orElseThrow(() -> PgKeeperException.usage(
                    "stanza " + info.stanza() + " has no backup " + label, "pick one of: " + String.join(", ", all.stream().map(PgBackRestBackup::label).toList())));
            TargetFit.requireBefore(b.label(), b.finishedAt(), Optional.ofNullable(b.lsnStop()), req.target());
            return new TargetFit.Chosen<>(b, label.equals("latest") ? "the latest base backup (--backup latest)" : "named with --backup");
        }
        return TargetFit.choose(all.stream().map(b -> new TargetFit.Candidate<>(b, b.label(), b.finishedAt(), Optional.ofNullable(b.lsnStop())))
                .toList(), req.target(), ctx.cluster().name());
    }

    /** The recovery target in pgbackrest's terms; the backup is always named, so what was chosen is what is restored. */
    static PgBackRest.Restore options(PhysicalRestoreRequest req, Path pgdata, String label, List<TablespacePlan.Placement> tablespaces) {
        return options(req, pgdata, label, tablespaces, Optional.empty());
    }

    /** @param restoreCommand replaces pgbackrest's own archive-get line (a bucket: see {@link PgBackRestTool#restoreCommand}) */
    static PgBackRest.Restore options(PhysicalRestoreRequest req, Path pgdata, String label, List<TablespacePlan.Placement> tablespaces,
            Optional<String> restoreCommand) {
        RecoveryTarget t = req.target();
        Optional<String> type = Optional.empty();
        Optional<String> target = Optional.empty();
        if (req.standby()) {
            type = Optional.of("standby");
        } else if (t.time().isPresent()) {
            type = Optional.of("time");
            target = Optional.of(TIME.format(t.time().get()));
        } else if (t.lsn().isPresent()) {
            type = Optional.of("lsn");
            target = t.lsn();
        } else if (t.xid().isPresent()) {
            type = Optional.of("xid");
            target = t.xid();
        } else if (t.name().isPresent()) {
            type = Optional.of("name");
            target = t.name();
        } else if (t.immediate()) {
            type = Optional.of("immediate");
        }
        Optional<String> action = type.isPresent() && !req.standby() ? Optional.of(t.action().name().toLowerCase(Locale.ROOT)) : Optional.empty();
        Map<String, Path> map = new LinkedHashMap<>();
        tablespaces.stream().filter(TablespacePlan.Placement::mapped).forEach(p -> map.put(p.oid(), p.to()));
        List<String> recovery = new ArrayList<>();
        req.primaryConninfo().ifPresent(c -> recovery.add("primary_conninfo=" + c));
        restoreCommand.ifPresent(c -> recovery.add("restore_command=" + c));
        return new PgBackRest.Restore(pgdata, Optional.of(label), req.force(), type, target, action, t.timeline(), !req.archive(), map,
                Optional.empty(), recovery);
    }

    /** pgbackrest runs as the cluster's OS user, so it gets directories of its own to write. */
    private void prepare(Path pgdata, List<TablespacePlan.Placement> tablespaces) {
        try {
            Optional<String> owner = ctx.os().runAs(ctx.cluster().osUser());
            RestoreWriter.createOwned(pgdata, owner);
            Files.setPosixFilePermissions(pgdata, SecureFiles.DIR);
            for (TablespacePlan.Placement t : tablespaces) {
                RestoreWriter.createOwned(t.to(), owner);
            }
            owner.ifPresent(u -> LocalServer.chown(pgdata, u));
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot prepare " + pgdata + ": " + e.getMessage(), "check permissions", e);
        }
    }
}
