package io.pgkeeper.backup;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.policy.GlobalsMode;
import io.pgkeeper.policy.LogicalPolicy;
import io.pgkeeper.postgres.Catalog;
import io.pgkeeper.postgres.DatabaseInfo;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.PgDumpAll;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.postgres.ServerInfo;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.repository.BackupAttempt;
import io.pgkeeper.repository.BackupId;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.DatabaseEntry;
import io.pgkeeper.repository.FileEntry;
import io.pgkeeper.repository.LockName;
import io.pgkeeper.repository.Manifest;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.repository.Versions;
import io.pgkeeper.util.PgKeeperVersion;
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
            try (BackupAttempt attempt = repo.begin(cluster, BackupKind.LOGICAL, LockName.CLUSTER, "dump", request.lockWait())) {
                return take(attempt, access, server, tools, selected, globals);
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
            DatabaseDumper dumper = new DatabaseDumper(ctx, access, tools, dir, null);
            commands.addAll(dumper.plan(d));
            dbs.add(dumper.entry(d, null, 0, List.of(), null));
        }
        return Manifest.builder(BackupId.of(now), ctx.cluster().name(), BackupKind.LOGICAL).startedAt(now)
                .server(server.version(), server.systemIdentifier()).versions(versions(server, tools)).logical(null, null, dbs)
                .commands(commands).warnings(globals.warning().stream().toList()).build();
    }

    private Manifest take(BackupAttempt attempt, PgAccess access, ServerInfo server, PgTools tools, List<DatabaseInfo> selected,
            GlobalsDump globals) {
        String id = attempt.id();
        log.info("dump {} of cluster {} started: {} database(s) from {}", id, ctx.cluster().name(), selected.size(), access.describe());
        List<List<String>> commands = Collections.synchronizedList(new ArrayList<>());
        String globalsFile = attempt.write(dir -> {
            Optional<ToolCall> globalsCall = globalsCall(access, tools, dir, globals);
            if (globalsCall.isEmpty()) {
                return null;
            }
            ctx.runner().run(globalsCall.get()).orThrow("dumping globals (roles) failed",
                    "pg_dumpall needs to read the roles (see docs/privileges.md), or use logical.globals: none");
            commands.add(globalsCall.get().redactedArgv());
            return GLOBALS_FILE;
        });
        List<DatabaseEntry> dbs = attempt.write(dir -> ParallelDumps.run(ctx, access, tools, dir, attempt::stream, selected, commands));
        // each database's files were hashed as its pg_dump ended: only the rest (globals.sql) is read here
        List<FileEntry> files = attempt.seal(dbs.stream().flatMap(db -> db.files().stream()).toList());
        Manifest m = Manifest.builder(id, ctx.cluster().name(), BackupKind.LOGICAL).startedAt(attempt.startedAt())
                .finishedAt(ctx.clock().instant()).server(server.version(), server.systemIdentifier()).versions(versions(server, tools))
                .files(files).logical(policy().globals().name().toLowerCase(java.util.Locale.ROOT), globalsFile, dbs)
                .commands(List.copyOf(commands)).warnings(globals.warning().stream().toList()).build();
        attempt.commit(m);
        log.info("dump {} complete: {} bytes in {} file(s)", id, m.sizeBytes(), files.size());
        return m;
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
}
