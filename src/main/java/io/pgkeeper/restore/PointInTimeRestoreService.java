package io.pgkeeper.restore;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.Catalog;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.postgres.ServerInfo;
import io.pgkeeper.recovery.RecoveryFailures;
import io.pgkeeper.recovery.RecoveryGoal;
import io.pgkeeper.recovery.RecoveryOutcome;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.LocalBackup;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.Integrity;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code restore --database DB --target-* [--table S.T]...}: one database, or some of its tables,
 * as it was at a moment, out of a physical backup, without touching the rest of the cluster. The
 * base backup is recovered to the target in a {@link RecoveredSandbox}, the database is dumped
 * from there ({@link SandboxExport}) and restored into the policy's server through a staging name
 * (a database, or a schema beside the live tables). Everything that can be refused is refused
 * before the sandbox is made; the cluster lock is taken for the final restore only, so backups
 * and archiving go on during the long recovery; the sandbox goes whatever happens.
 */
public final class PointInTimeRestoreService {
    private static final Logger log = LoggerFactory.getLogger(PointInTimeRestoreService.class);

    private final RunContext ctx;
    private final Optional<String> keptElsewhere;

    /**
     * @param keptElsewhere the engine that keeps the cluster's base backups outside pgkeeper's
     *     repository (pgBackRest), which this restore cannot recover; empty for pgkeeper's own
     */
    public PointInTimeRestoreService(RunContext ctx, Optional<String> keptElsewhere) {
        this.ctx = ctx;
        this.keptElsewhere = keptElsewhere;
    }

    public PointInTimeResult restore(PointInTimeRequest req) {
        LocalBackup[] local = new LocalBackup[1];
        try {
            return restore(req, local);
        } finally {
            if (local[0] != null) {
                local[0].close();
            }
        }
    }

    /** @param local receives the chosen backup's local files (decrypted when encrypted), which the caller removes */
    private PointInTimeResult restore(PointInTimeRequest req, LocalBackup[] local) {
        long started = System.nanoTime();
        Instant startedAt = ctx.clock().instant();
        String schema = req.intoSchema().orElse(PointInTimePlanner.defaultSchema(startedAt));
        PointInTimePlanner.checkNames(req, schema);
        requireUsable(req, startedAt);
        TimedSteps steps = new TimedSteps();
        Backup[] chosen = new Backup[1];
        String[] why = new String[1];
        steps.run("choose", () -> {
            TargetFit.Chosen<Backup> c = choose(req);
            local[0] = ctx.repository().local(c.backup());
            chosen[0] = local[0].backup();
            checkIntegrity(chosen[0]);
            why[0] = c.why();
            return "base backup " + c.backup().id() + " (" + c.why() + "), " + c.backup().manifest().files().size() + " files match their sha256";
        });
        Backup backup = chosen[0];
        List<String> warnings = new ArrayList<>();
        try (PgAccess live = ctx.access()) {
            ServerInfo server = serverInfo(live);
            PointInTimePlan plan = PointInTimePlanner.plan(live, req, backup.id(), schema, req.target().describe());
            log.info("restoring database \"{}\" as of the {} from base backup {} into {}", req.database(), req.target().describe(), backup.id(),
                    plan.mode() == PointInTimePlan.Mode.SCHEMA ? "schema \"" + schema + "\" of \"" + plan.into() + "\"" : "\"" + plan.into() + "\"");
            if (ctx.dryRun()) {
                return result(req, backup.id(), why[0], plan, null, List.of(), false, steps, started, true, warnings);
            }
            PgTools client = ctx.binaries().forServer(Math.max(server.major(), PhysicalRestoreService.major(backup.manifest().serverVersion())),
                    ctx.cluster().binDir(), "pg_dump");
            Duration timeout = ctx.cluster().timeouts().restore();
            warnings.addAll(SandboxOwner.sweep(ctx.cluster().verify().sandbox()));
            RecoveredSandbox sandbox = RecoveredSandbox.create(ctx, backup, Sandbox.RESTORE, timeout);
            SandboxGuard guard = SandboxGuard.of(sandbox.dir());
            SandboxOwner.claim(sandbox.dir());
            try {
                steps.run("sandbox", sandbox::layOut);
                RecoveryOutcome[] reached = new RecoveryOutcome[1];
                steps.run("recovery", () -> {
                    reached[0] = recover(sandbox, backup, req.target());
                    return "recovered to the " + req.target().describe() + " and promoted at " + reached[0].lsn()
                            + (reached[0].lastTransaction() == null ? "" : ", last transaction " + reached[0].lastTransaction());
                });
                SandboxExport.Exported[] exported = new SandboxExport.Exported[1];
                steps.run("dump", () -> {
                    exported[0] = new SandboxExport(ctx, sandbox, client, timeout).export(plan);
                    sandbox.server().stop(); // the dump is all the restore needs; the copy's memory is better given back
                    return exported[0].detail();
                });
                warnings.addAll(exported[0].warnings());
                boolean[] replaced = new boolean[1];
                steps.run("restore", () -> {
                    PointInTimeFinish.Finished f = new PointInTimeFinish(ctx, live, client, server).finish(plan, exported[0],
                            req.jobs().orElse(ctx.cluster().logical().jobs()), req.clean(), req.lockWait());
                    replaced[0] = f.replaced();
                    warnings.addAll(f.warnings());
                    return f.detail();
                });
                PointInTimeResult.Reached at = new PointInTimeResult.Reached(reached[0].lsn(), reached[0].lastTransaction(),
                        reached[0].log().stopped().orElse(null));
                steps.run("teardown", () -> teardown(sandbox, guard, warnings));
                return result(req, backup.id(), why[0], plan, at, tables(plan, exported[0]), replaced[0], steps, started, false, warnings);
            } finally {
                teardown(sandbox, guard, new ArrayList<>());
            }
        }
    }

    /** Refusals that need no server: a target that cannot come back, an engine this restore cannot read. */
    private void requireUsable(PointInTimeRequest req, Instant now) {
        if (req.target().time().isPresent() && req.target().time().get().isAfter(now)) {
            throw PgKeeperException.usage("the target time " + TargetTime.utc(req.target().time().get()) + " is in the future (it is "
                    + TargetTime.utc(now) + "); recovery cannot reach it; nothing was changed", "choose a time in the past");
        }
        if (keptElsewhere.isPresent()) {
            throw PgKeeperException.usage("cluster " + ctx.cluster().name() + " keeps its physical backups in " + keptElsewhere.get() + ", and the point-in-time"
                    + " restore of one database recovers pgkeeper's own base backups only; nothing was changed", "restore the whole cluster"
                    + " beside production (pgkeeper restore --pgdata DIR --target-time T --start --port PORT), then pg_dump the database from there");
        }
    }

    private TargetFit.Chosen<Backup> choose(PointInTimeRequest req) {
        String cluster = ctx.cluster().name();
        Optional<String> id = req.backupId().filter(b -> !b.equals("latest"));
        if (id.isPresent() && ctx.repository().completed(cluster, Optional.of(BackupKind.LOGICAL)).stream().anyMatch(b -> b.id().equals(id.get()))) {
            throw PgKeeperException.usage("backup " + id.get() + " is a logical backup (a dump), which restores only as it was taken; a recovery"
                    + " target needs a physical backup and its WAL; nothing was changed", "leave out --backup to use the newest physical backup"
                    + " that finished before the target, or restore the dump as it was: pgkeeper restore --backup " + id.get() + " --database "
                    + req.database() + " --into NAME");
        }
        return PhysicalBackupChoice.choose(ctx, req.backupId(), req.target());
    }

    private static void checkIntegrity(Backup b) {
        List<Integrity.Mismatch> bad = Integrity.check(b.dir(), b.manifest().files());
        if (!bad.isEmpty()) {
            throw PgKeeperException.verification("backup " + b.id() + " is corrupted; nothing was restored:\n  "
                    + String.join("\n  ", bad.stream().map(Integrity.Mismatch::describe).toList()), "restore from another backup (pgkeeper list)");
        }
    }

    /** The one recovery wait; a copy that did not get there fails the restore with the server's words and where the archive ends. */
    private RecoveryOutcome recover(RecoveredSandbox sandbox, Backup backup, RecoveryTarget target) {
        sandbox.launch(target);
        RecoveryOutcome o = sandbox.await(RecoveryGoal.PROMOTE);
        if (!o.reached()) {
            RecoveryFailures.Failure f = RecoveryFailures.of(o, RecoveredSandbox.copy(sandbox.server(), "the recovery sandbox of base backup "
                    + backup.id(), new PhysicalRestoreService(ctx).archiveEnd()));
            String hint = o.state() == RecoveryOutcome.State.TARGET_NOT_REACHED
                    ? "choose an earlier target, or get the WAL that holds it into the archive (on the primary: SELECT pg_switch_wal(), then wait"
                            + " for pgkeeper archive push)"
                    : f.hint();
            throw PgKeeperException.failed(f.message(), hint + "; the sandbox is removed, nothing was changed");
        }
        return o;
    }

    /** Never throws: the restore is done, and a sandbox that cannot be removed is a warning naming it. */
    private static String teardown(RecoveredSandbox sandbox, SandboxGuard guard, List<String> warnings) {
        try {
            if (java.nio.file.Files.exists(sandbox.dir())) {
                sandbox.close();
            }
        } catch (RuntimeException e) {
            log.warn("could not remove the sandbox {}: {}", sandbox.dir(), e.getMessage());
            warnings.add("could not remove the sandbox " + sandbox.dir() + ": " + e.getMessage() + "; remove it by hand");
        } finally {
            guard.close();
        }
        return "sandbox " + sandbox.dir() + " removed";
    }

    private ServerInfo serverInfo(PgAccess live) {
        try (Connection c = ControlConnection.open(live)) {
            return Catalog.serverInfo(c);
        } catch (SQLException e) {
            throw PgKeeperException.failed("catalog query failed: " + e.getMessage(), null, e);
        }
    }

    private static List<PointInTimeResult.RestoredTable> tables(PointInTimePlan plan, SandboxExport.Exported ex) {
        List<PointInTimeResult.RestoredTable> out = new ArrayList<>();
        ex.rows().forEach((t, n) -> out.add(new PointInTimeResult.RestoredTable(ex.targetNames().get(t).toString(),
                PointInTimePlanner.restoredAs(plan, t), n)));
        out.sort(java.util.Comparator.comparing(PointInTimeResult.RestoredTable::table));
        return out;
    }

    private PointInTimeResult result(PointInTimeRequest req, String id, String why, PointInTimePlan plan, PointInTimeResult.Reached reached,
            List<PointInTimeResult.RestoredTable> tables, boolean replaced, TimedSteps steps, long started, boolean dryRun, List<String> warnings) {
        long rows = tables.stream().mapToLong(PointInTimeResult.RestoredTable::rows).sum();
        return new PointInTimeResult(id, ctx.cluster().name(), req.database(), plan.mode().json(), plan.into(), plan.schema(), why,
                req.target().describe(), reached, tables, rows, replaced, steps.steps(), (System.nanoTime() - started) / 1_000_000, dryRun, warnings);
    }
}
