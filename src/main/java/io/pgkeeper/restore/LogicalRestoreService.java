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
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.ClusterLock;
import io.pgkeeper.repository.DatabaseEntry;
import io.pgkeeper.repository.FileEntry;
import io.pgkeeper.repository.Integrity;
import io.pgkeeper.repository.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores one database of a logical backup. It restores into a fresh database under a
 * temporary name and only then takes the target name, so a failed restore never leaves a
 * half-restored database where the real one was, and {@code --clean} drops the old database
 * only once the new one is whole.
 */
public final class LogicalRestoreService {
    private static final Logger log = LoggerFactory.getLogger(LogicalRestoreService.class);

    private final RunContext ctx;

    public LogicalRestoreService(RunContext ctx) {
        this.ctx = ctx;
    }

    public RestoreResult restore(RestoreRequest req) {
        long started = System.nanoTime();
        String cluster = ctx.cluster().name();
        Backup backup = ctx.repository().find(cluster, req.backupId(), Optional.of(BackupKind.LOGICAL));
        Manifest m = backup.manifest();
        DatabaseEntry entry = m.database(req.database()).orElseThrow(() -> PgKeeperException.usage(
                "backup " + m.id() + " has no database \"" + req.database() + "\" (it holds: "
                        + String.join(", ", m.databases().stream().map(DatabaseEntry::name).toList()) + ")",
                "pass --database with one of those names"));
        checkIntegrity(backup, entry, req.globals());
        try (PgAccess access = ctx.access()) {
            ServerInfo server;
            try (Connection c = access.connect()) {
                server = Catalog.serverInfo(c);
                if (Catalog.databaseExists(c, req.target()) && !req.clean()) {
                    throw PgKeeperException.usage("database \"" + req.target() + "\" already exists on " + access.describe()
                            + "; nothing was changed", "pass --into NEWNAME to restore beside it, or --clean to replace it");
                }
            } catch (SQLException e) {
                throw PgKeeperException.failed("catalog query failed: " + e.getMessage(), null, e);
            }
            PgTools tools = ctx.binaries().forServer(Math.max(server.major(), majorOf(m.serverVersion())), ctx.cluster().binDir(), "pg_restore");
            int jobs = req.jobs().orElse(ctx.cluster().logical().jobs());
            if (ctx.dryRun()) {
                ctx.runner().run(restoreCall(access, tools, backup, entry, req.target(), jobs));
                return new RestoreResult(m.id(), cluster, req.database(), req.target(), false, List.of(), List.of(), 0, true);
            }
            try (ClusterLock lock = ClusterLock.acquire(ctx.repository().lockDir(cluster), "cluster", "restore", req.lockWait())) {
                return doRestore(access, tools, backup, entry, req, jobs, started);
            }
        }
    }

    private RestoreResult doRestore(PgAccess access, PgTools tools, Backup backup, DatabaseEntry entry, RestoreRequest req, int jobs, long started) {
        Manifest m = backup.manifest();
        GlobalsApplier.Outcome roles = new GlobalsApplier.Outcome(List.of(), List.of());
        String staging = stagingName(m.id());
        boolean replaced = false;
        try (Connection c = access.connect()) {
            if (req.globals()) {
                roles = applyGlobals(c, backup);
            }
            dropIfExists(c, staging);
            createDatabase(c, staging, entry);
            try {
                ctx.runner().run(restoreCall(access, tools, backup, entry, staging, jobs))
                        .orThrow("restore of database \"" + entry.name() + "\" from backup " + m.id() + " failed",
                                "nothing was changed under the name \"" + req.target() + "\"; see pg_restore's message above");
            } catch (RuntimeException e) {
                dropQuietly(c, staging);
                throw e;
            }
            if (Catalog.databaseExists(c, req.target())) {
                execute(c, "DROP DATABASE " + Catalog.ident(req.target()) + " WITH (FORCE)");
                replaced = true;
            }
            execute(c, "ALTER DATABASE " + Catalog.ident(staging) + " RENAME TO " + Catalog.ident(req.target()));
        } catch (SQLException e) {
            throw PgKeeperException.failed("restore failed: " + e.getMessage(), null, e);
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        log.info("restored database \"{}\" from backup {} into \"{}\"", entry.name(), m.id(), req.target());
        return new RestoreResult(m.id(), ctx.cluster().name(), entry.name(), req.target(), replaced, roles.createdRoles(), roles.skippedRoles(), ms, false);
    }

    private void checkIntegrity(Backup backup, DatabaseEntry entry, boolean globals) {
        List<FileEntry> files = new ArrayList<>(entry.files());
        if (globals) {
            String g = backup.manifest().globalsFile();
            if (g == null) {
                throw PgKeeperException.usage("backup " + backup.id() + " holds no globals (it was taken with logical.globals: none)",
                        "restore without --globals");
            }
            backup.manifest().files().stream().filter(f -> f.path().equals(g)).forEach(files::add);
        }
        List<Integrity.Mismatch> bad = Integrity.check(backup.dir(), files);
        if (!bad.isEmpty()) {
            throw PgKeeperException.verification("backup " + backup.id() + " is corrupted; nothing was restored:\n  "
                    + String.join("\n  ", bad.stream().map(Integrity.Mismatch::describe).toList()),
                    "restore from another backup (pgkeeper list)");
        }
    }

    private GlobalsApplier.Outcome applyGlobals(Connection c, Backup backup) {
        Path file = backup.dir().resolve(backup.manifest().globalsFile());
        try {
            return GlobalsApplier.apply(c, Files.readString(file));
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot read " + file + ": " + e.getMessage(), null, e);
        }
    }

    private ToolCall restoreCall(PgAccess access, PgTools tools, Backup backup, DatabaseEntry entry, String into, int jobs) {
        Path dump = backup.dir().resolve(entry.dumpPath());
        return ToolCall.of("pg_restore", PgRestore.argv(tools, dump, into, jobs), access.toolEnv(), ctx.cluster().timeouts().restore());
    }

    /**
     * Re-creates the database as it was dumped: same encoding and locale, from template0. Shared
     * with verify, whose sandbox must hold the database exactly as a real restore would.
     */
    public static void createDatabase(Connection c, String name, DatabaseEntry entry) throws SQLException {
        StringBuilder sql = new StringBuilder("CREATE DATABASE ").append(Catalog.ident(name)).append(" TEMPLATE template0");
        if (entry.encoding() != null) {
            sql.append(" ENCODING ").append(Catalog.literal(entry.encoding()));
        }
        if (entry.collate() != null) {
            sql.append(" LC_COLLATE ").append(Catalog.literal(entry.collate()));
        }
        if (entry.ctype() != null) {
            sql.append(" LC_CTYPE ").append(Catalog.literal(entry.ctype()));
        }
        if (entry.owner() != null && Catalog.roleExists(c, entry.owner())) {
            sql.append(" OWNER ").append(Catalog.ident(entry.owner()));
        }
        execute(c, sql.toString());
    }

    private static void dropIfExists(Connection c, String name) throws SQLException {
        execute(c, "DROP DATABASE IF EXISTS " + Catalog.ident(name) + " WITH (FORCE)");
    }

    private static void dropQuietly(Connection c, String name) {
        try {
            dropIfExists(c, name);
        } catch (SQLException e) {
            log.warn("could not drop staging database \"{}\": {}", name, e.getMessage());
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static String stagingName(String backupId) {
        return "pgkeeper_restore_" + backupId.toLowerCase();
    }

    private static int majorOf(String version) {
        try {
            return Integer.parseInt(version.split("[.\\s]")[0]);
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
