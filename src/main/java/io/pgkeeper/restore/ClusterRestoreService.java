package io.pgkeeper.restore;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.Catalog;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.PgRestore;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.postgres.ServerInfo;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.LocalBackup;
import io.pgkeeper.repository.ClusterLock;
import io.pgkeeper.repository.LockName;
import io.pgkeeper.repository.DatabaseEntry;
import io.pgkeeper.repository.Manifest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code restore --all}: disaster recovery from a logical backup. Globals first (with
 * {@code --globals}), then every database under its own name, each through its staging
 * database. Everything that can refuse is checked for every database before anything is
 * created: checksums, each dump's identity, existing databases (refused unless {@code --clean};
 * initdb's empty {@code postgres} is not in the way), locales. The policy's own database is
 * replaced from another connection.
 */
public final class ClusterRestoreService {
    private static final Logger log = LoggerFactory.getLogger(ClusterRestoreService.class);

    private final RunContext ctx;

    public ClusterRestoreService(RunContext ctx) {
        this.ctx = ctx;
    }

    public ClusterRestoreResult restore(ClusterRestoreRequest req) {
        // an encrypted backup is decrypted (and checked) first: a wrong identity restores nothing
        try (LocalBackup local = ctx.repository().local(RestoreInputs.find(ctx, req.backupId()))) {
            return restore(req, local.backup());
        }
    }

    private ClusterRestoreResult restore(ClusterRestoreRequest req, Backup backup) {
        long started = System.nanoTime();
        String cluster = ctx.cluster().name();
        Manifest m = backup.manifest();
        if (m.databases().isEmpty()) {
            throw PgKeeperException.usage("backup " + m.id() + " holds no database", "pass another --backup");
        }
        RestoreInputs.checkIntegrity(backup, m.databases(), req.globals());
        int jobs = req.jobs().orElse(ctx.cluster().logical().jobs());
        try (PgAccess access = ctx.access()) {
            ServerInfo server;
            try (Connection c = ControlConnection.open(access)) {
                server = Catalog.serverInfo(c);
            } catch (SQLException e) {
                throw PgKeeperException.failed("catalog query failed: " + e.getMessage(), null, e);
            }
            PgTools tools = RestoreInputs.tools(ctx, server.major(), m);
            if (ctx.dryRun()) {
                for (DatabaseEntry d : m.databases()) {
                    ctx.runner().run(ToolCall.of("pg_restore", PgRestore.argv(tools, backup.dir().resolve(d.dumpPath()), d.name(), jobs),
                            access.toolEnv(), ctx.cluster().timeouts().restore()));
                }
                return new ClusterRestoreResult(m.id(), cluster, List.of(), List.of(), List.of(), List.of(), 0, true);
            }
            Map<DatabaseEntry, DatabaseProperties> props = new LinkedHashMap<>();
            for (DatabaseEntry d : m.databases()) {
                props.put(d, RestoreInputs.identify(ctx, tools, backup, d));
            }
            Map<String, Boolean> replace = preflight(access, server, props, req.clean());
            try (ClusterLock lock = ctx.repository().lock(cluster, LockName.CLUSTER, "restore", req.lockWait())) {
                GlobalsApplier.Outcome roles = new GlobalsApplier.Outcome(List.of(), List.of());
                if (req.globals()) {
                    try (Connection c = ControlConnection.open(access)) {
                        roles = RestoreInputs.applyGlobals(c, backup);
                    } catch (SQLException e) {
                        throw PgKeeperException.failed("applying the backup's globals failed: " + e.getMessage(), null, e);
                    }
                }
                List<String> warnings = new ArrayList<>(RestoreInputs.backupWarnings(m, req.globals()));
                List<RestoreResult> done = new ArrayList<>();
                StagedRestore staged = new StagedRestore(ctx, access, tools);
                for (Map.Entry<DatabaseEntry, DatabaseProperties> e : props.entrySet()) {
                    DatabaseEntry d = e.getKey();
                    long one = System.nanoTime();
                    StagedRestore.Outcome o;
                    try {
                        o = staged.restore(backup.dir().resolve(d.dumpPath()), e.getValue(), Optional.ofNullable(d.collationVersion()), d.name(),
                                TargetNames.staging(m.id()), replace.get(d.name()), jobs);
                    } catch (PgKeeperException failure) {
                        throw partial(m, done, d, failure);
                    }
                    o.warnings().forEach(w -> warnings.add("database \"" + d.name() + "\": " + w));
                    done.add(new RestoreResult(m.id(), cluster, d.name(), d.name(), o.replaced(), List.of(), List.of(),
                            (System.nanoTime() - one) / 1_000_000, false, o.warnings()));
                    log.info("restored database \"{}\" from backup {} ({} of {})", d.name(), m.id(), done.size(), props.size());
                }
                return new ClusterRestoreResult(m.id(), cluster, done, roles.createdRoles(), roles.skippedRoles(), warnings,
                        (System.nanoTime() - started) / 1_000_000, false);
            }
        }
    }

    /** Refuses existing databases (all named at once) and locales the server lacks; says which targets may be replaced. */
    private Map<String, Boolean> preflight(PgAccess access, ServerInfo server, Map<DatabaseEntry, DatabaseProperties> props, boolean clean) {
        Map<String, Boolean> replace = new LinkedHashMap<>();
        List<String> inTheWay = new ArrayList<>();
        try (Connection c = ControlConnection.open(access)) {
            for (Map.Entry<DatabaseEntry, DatabaseProperties> e : props.entrySet()) {
                String name = e.getKey().name();
                TargetNames.check(name);
                ExistingTarget existing = ExistingTarget.of(c, access, name);
                if (existing == ExistingTarget.EXISTS && !clean) {
                    inTheWay.add(name);
                }
                replace.put(name, clean || existing == ExistingTarget.INITDB_EMPTY);
                LocaleCheck.probe(c, server.versionNum(), e.getValue(), name);
            }
        } catch (SQLException e) {
            throw PgKeeperException.failed("catalog query failed: " + e.getMessage(), null, e);
        }
        if (!inTheWay.isEmpty()) {
            throw PgKeeperException.usage("these databases of the backup already exist on " + access.describe() + ": "
                    + String.join(", ", inTheWay) + "; nothing was changed", "pass --clean to replace them (each only once its copy is whole)");
        }
        return replace;
    }

    private static PgKeeperException partial(Manifest m, List<RestoreResult> done, DatabaseEntry failed, PgKeeperException cause) {
        List<String> left = m.databases().stream().map(DatabaseEntry::name).filter(n -> !n.equals(failed.name())
                && done.stream().noneMatch(r -> r.database().equals(n))).toList();
        String message = "restore of database \"" + failed.name() + "\" failed: " + cause.getMessage()
                + "\n  restored (whole): " + (done.isEmpty() ? "none" : String.join(", ", done.stream().map(RestoreResult::database).toList()))
                + "\n  not restored: " + String.join(", ", concat(failed.name(), left));
        return new PgKeeperException(cause.exitCode(), message, cause.hint().map(h -> h + "; ").orElse("")
                + "rerun with --clean once the cause is fixed, or restore the rest one by one with --database", cause);
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> out = new ArrayList<>();
        out.add(first);
        out.addAll(rest);
        return out;
    }
}
