package io.pgkeeper.backup;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.error.ToolFailedException;
import io.pgkeeper.policy.GlobalsMode;
import io.pgkeeper.policy.LogicalPolicy;
import io.pgkeeper.postgres.Catalog;
import io.pgkeeper.postgres.DatabaseInfo;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.PgDumpAll;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.postgres.ServerInfo;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.repository.BackupId;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.Checksums;
import io.pgkeeper.repository.ClusterLock;
import io.pgkeeper.repository.DatabaseEntry;
import io.pgkeeper.repository.FileEntry;
import io.pgkeeper.repository.Manifest;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.repository.Versions;
import io.pgkeeper.util.PgKeeperVersion;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one logical backup: globals, then each selected database, then checksums, fsync and the
 * manifest, last. Anything short of that leaves no manifest, so it is never a backup.
 */
public final class DumpService {
    private static final Logger log = LoggerFactory.getLogger(DumpService.class);
    public static final String LOCK = "cluster";
    static final String GLOBALS_FILE = "globals.sql";

    private final RunContext ctx;

    public DumpService(RunContext ctx) {
        this.ctx = ctx;
    }

    public Manifest dump(DumpRequest request) {
        Repository repo = ctx.repository();
        String cluster = ctx.cluster().name();
        try (PgAccess access = ctx.access()) {
            ServerInfo server;
            List<DatabaseInfo> selected;
            GlobalsDump globals;
            try (Connection c = access.connect()) {
                server = Catalog.serverInfo(c);
                selected = DumpTargets.select(ctx.cluster(), Catalog.databases(c), request.databases(), access.describe());
                globals = GlobalsDump.decide(c, policy().globals());
            } catch (SQLException e) {
                throw PgKeeperException.failed("catalog connection failed: " + e.getMessage(), null, e);
            }
            PgTools tools = ctx.binaries().forServer(server.major(), ctx.cluster().binDir(), "pg_dump");
            if (ctx.dryRun()) {
                return plan(access, server, tools, selected, globals);
            }
            repo.ensureWritable(repo.clusterDir(cluster));
            try (ClusterLock lock = ClusterLock.acquire(repo.lockDir(cluster), LOCK, "dump", request.lockWait())) {
                return take(access, server, tools, selected, globals);
            }
        }
    }

    /** Dry run: show every call with placeholders for the backup directory; write nothing. */
    private Manifest plan(PgAccess access, ServerInfo server, PgTools tools, List<DatabaseInfo> selected, GlobalsDump globals) {
        Instant now = ctx.clock().instant();
        Path dir = ctx.repository().kindDir(ctx.cluster().name(), BackupKind.LOGICAL).resolve(BackupId.of(now));
        List<List<String>> commands = new ArrayList<>();
        globalsCall(access, tools, dir, globals).ifPresent(call -> {
            ctx.runner().run(call);
            commands.add(call.redactedArgv());
        });
        List<DatabaseEntry> dbs = new ArrayList<>();
        for (DatabaseInfo d : selected) {
            DatabaseDumper dumper = new DatabaseDumper(ctx, access, tools, dir);
            commands.addAll(dumper.plan(d));
            dbs.add(dumper.entry(d, null, 0, List.of(), null));
        }
        return new Manifest(Manifest.FORMAT_VERSION, BackupId.of(now), ctx.cluster().name(), BackupKind.LOGICAL, now, null,
                server.version(), server.systemIdentifier(), versions(server, tools), 0, List.of(), null, null, dbs, commands, null,
                globals.warning().stream().toList());
    }

    private Manifest take(PgAccess access, ServerInfo server, PgTools tools, List<DatabaseInfo> selected, GlobalsDump globals) {
        Instant started = ctx.clock().instant();
        Path dir = ctx.repository().newBackupDir(ctx.cluster().name(), BackupKind.LOGICAL, started);
        String id = dir.getFileName().toString();
        log.info("dump {} of cluster {} started: {} database(s) from {}", id, ctx.cluster().name(), selected.size(), access.describe());
        boolean committed = false;
        try {
            List<List<String>> commands = Collections.synchronizedList(new ArrayList<>());
            String globalsFile = null;
            Optional<ToolCall> globalsCall = globalsCall(access, tools, dir, globals);
            if (globalsCall.isPresent()) {
                ctx.runner().run(globalsCall.get()).orThrow("dumping globals (roles) failed",
                        "pg_dumpall needs to read the roles (see docs/privileges.md), or use logical.globals: none");
                commands.add(globalsCall.get().redactedArgv());
                globalsFile = GLOBALS_FILE;
            }
            List<DatabaseEntry> dbs = ParallelDumps.run(ctx, access, tools, dir, selected, commands);
            SecureFiles.tighten(dir);
            // each database's files were hashed as its pg_dump ended: only the rest (globals.sql) is read here
            List<FileEntry> files = Checksums.describe(dir, dir, dbs.stream().flatMap(db -> db.files().stream()).toList());
            SecureFiles.fsyncTree(dir);
            long size = files.stream().mapToLong(FileEntry::sizeBytes).sum();
            Instant finished = ctx.clock().instant();
            Manifest m = new Manifest(Manifest.FORMAT_VERSION, id, ctx.cluster().name(), BackupKind.LOGICAL, started, finished,
                    server.version(), server.systemIdentifier(), versions(server, tools), size, files,
                    policy().globals().name().toLowerCase(java.util.Locale.ROOT), globalsFile, dbs, List.copyOf(commands), null,
                    globals.warning().stream().toList());
            ctx.repository().manifests().commit(dir, m);
            SecureFiles.fsyncDirectory(dir.getParent());
            committed = true;
            log.info("dump {} complete: {} bytes in {} file(s)", id, size, files.size());
            return m;
        } catch (UncheckedIOException e) {
            throw ioFailure(dir, e.getCause());
        } catch (ToolFailedException e) {
            throw diskFullOr(e, dir);
        } finally {
            if (!committed) {
                ctx.repository().removeAttempt(dir);
            }
        }
    }

    private Optional<ToolCall> globalsCall(PgAccess access, PgTools tools, Path dir, GlobalsDump globals) {
        if (policy().globals() == GlobalsMode.NONE) {
            return Optional.empty();
        }
        return Optional.of(ToolCall.of("pg_dumpall",
                PgDumpAll.globalsArgv(tools, policy().globals(), access.maintenanceDb(), dir.resolve(GLOBALS_FILE), globals.noRolePasswords()),
                access.toolEnv(), ctx.cluster().timeouts().dump()));
    }

    private Versions versions(ServerInfo server, PgTools tools) {
        return new Versions(PgKeeperVersion.get(), server.version(), Map.of("pg_dump", tools.version(), "binDir", tools.binDir().toString()));
    }

    private LogicalPolicy policy() {
        return ctx.cluster().logical();
    }

    static PgKeeperException ioFailure(Path dir, IOException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        boolean full = msg.contains("No space left on device") || msg.contains("Disk quota exceeded");
        return PgKeeperException.failed((full ? "disk full while writing " : "cannot write ") + dir + ": " + msg,
                full ? "free space on the repository's filesystem, or prune old backups" : "check the repository's permissions and filesystem", e);
    }

    /**
     * A tool that ran out of space says so in its own words ("could not write to file ...: No
     * space left on device"), often without the path; say it plainly and name the backup directory.
     */
    static ToolFailedException diskFullOr(ToolFailedException e, Path dir) {
        boolean full = e.stderrTail().stream().anyMatch(l -> l.contains("No space left on device") || l.contains("Disk quota exceeded"));
        if (!full) {
            return e;
        }
        return new ToolFailedException("disk full while writing " + dir + ": " + e.getMessage(),
                "free space on the repository's filesystem, or prune old backups; nothing was kept of this attempt",
                e.tool(), e.toolExitCode(), e.stderrTail());
    }
}
