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
import io.pgkeeper.repository.LocalCopies;
import io.pgkeeper.repository.ClusterLock;
import io.pgkeeper.repository.LockName;
import io.pgkeeper.repository.DatabaseEntry;
import io.pgkeeper.repository.FileEntry;
import io.pgkeeper.repository.Manifest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores one database of a logical backup, with its properties, through a staging database
 * ({@link StagedRestore}). Everything that can refuse the restore is checked before anything is
 * created: the target name, the files' checksums, the dump's identity, an existing target, the
 * server's locales.
 */
public final class LogicalRestoreService {
    private static final Logger log = LoggerFactory.getLogger(LogicalRestoreService.class);

    private final RunContext ctx;

    public LogicalRestoreService(RunContext ctx) {
        this.ctx = ctx;
    }

    public RestoreResult restore(RestoreRequest req) {
        TargetNames.check(req.target());
        try (LocalCopies copies = new LocalCopies(ctx.repository())) {
            Backup stored = RestoreInputs.find(ctx, req.backupId());
            // only this database's files (and the globals) are copied from an object store; when the
            // stored manifest does not name the database, the whole backup is asked for and the
            // refusal below (or local()'s, for a missing identity) says why
            java.util.function.Predicate<String> wanted = stored.manifest().database(req.database())
                    .map(e -> RestoreInputs.files(stored.manifest(), List.of(e), req.globals()).stream().map(FileEntry::path).toList())
                    .<java.util.function.Predicate<String>>map(paths -> paths::contains).orElse(path -> true);
            return restore(req, copies.of(stored, wanted));
        }
    }

    /** @param backup with its files on local disk */
    private RestoreResult restore(RestoreRequest req, Backup backup) {
        long started = System.nanoTime();
        String cluster = ctx.cluster().name();
        Manifest m = backup.manifest();
        DatabaseEntry entry = m.database(req.database()).orElseThrow(() -> PgKeeperException.usage(
                "backup " + m.id() + " has no database \"" + req.database() + "\" (it holds: "
                        + String.join(", ", m.databases().stream().map(DatabaseEntry::name).toList()) + ")",
                "pass --database with one of those names"));
        RestoreInputs.checkIntegrity(backup, List.of(entry), req.globals());
        try (PgAccess access = ctx.access()) {
            ServerInfo server;
            try (Connection c = access.connect()) {
                server = Catalog.serverInfo(c);
            } catch (SQLException e) {
                throw PgKeeperException.failed("catalog query failed: " + e.getMessage(), null, e);
            }
            PgTools tools = RestoreInputs.tools(ctx, server.major(), m);
            int jobs = req.jobs().orElse(ctx.cluster().logical().jobs());
            if (ctx.dryRun()) {
                ctx.runner().run(ToolCall.of("pg_restore", PgRestore.argv(tools, backup.dir().resolve(entry.dumpPath()), req.target(), jobs),
                        access.toolEnv(), ctx.cluster().timeouts().restore()));
                return new RestoreResult(m.id(), cluster, req.database(), req.target(), false, List.of(), List.of(), 0, true, List.of());
            }
            DatabaseProperties props = RestoreInputs.identify(ctx, tools, backup, entry);
            boolean replace;
            try (Connection c = ControlConnection.open(access, req.target())) {
                ExistingTarget existing = ExistingTarget.of(c, access, req.target());
                if (existing == ExistingTarget.EXISTS && !req.clean()) {
                    throw ExistingTarget.refusal(req.target(), access.describe());
                }
                replace = req.clean() || existing == ExistingTarget.INITDB_EMPTY;
                LocaleCheck.probe(c, server.versionNum(), props, req.target());
            } catch (SQLException e) {
                throw PgKeeperException.failed("catalog query failed: " + e.getMessage(), null, e);
            }
            try (ClusterLock lock = ctx.repository().lock(cluster, LockName.CLUSTER, "restore", req.lockWait())) {
                GlobalsApplier.Outcome roles = new GlobalsApplier.Outcome(List.of(), List.of());
                if (req.globals()) {
                    try (Connection c = ControlConnection.open(access, req.target())) {
                        roles = RestoreInputs.applyGlobals(c, backup);
                    } catch (SQLException e) {
                        throw PgKeeperException.failed("applying the backup's globals failed: " + e.getMessage(), null, e);
                    }
                }
                List<String> warnings = new ArrayList<>(RestoreInputs.backupWarnings(m, req.globals()));
                StagedRestore.Outcome o = new StagedRestore(ctx, access, tools).restore(backup.dir().resolve(entry.dumpPath()), props,
                        Optional.ofNullable(entry.collationVersion()), req.target(), TargetNames.staging(m.id()), replace, jobs);
                warnings.addAll(o.warnings());
                long ms = (System.nanoTime() - started) / 1_000_000;
                log.info("restored database \"{}\" from backup {} into \"{}\"", entry.name(), m.id(), req.target());
                return new RestoreResult(m.id(), cluster, entry.name(), req.target(), o.replaced(), roles.createdRoles(), roles.skippedRoles(),
                        ms, false, warnings);
            }
        }
    }
}
