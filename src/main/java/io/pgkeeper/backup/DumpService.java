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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one logical backup: globals, then each selected database, then checksums, fsync and the
 * manifest, last. Anything short of that leaves no manifest, so it is never a backup.
 */
public final class DumpService {
    private static final Logger log = LoggerFactory.getLogger(DumpService.class);
    public static final String LOCK = "cluster";

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
            try (Connection c = access.connect()) {
                server = Catalog.serverInfo(c);
                selected = select(Catalog.databases(c), request.databases(), access);
            } catch (SQLException e) {
                throw PgKeeperException.failed("catalog connection failed: " + e.getMessage(), null, e);
            }
            PgTools tools = ctx.binaries().forServer(server.major(), ctx.cluster().binDir(), "pg_dump");
            if (ctx.dryRun()) {
                return plan(access, server, tools, selected);
            }
            repo.ensureWritable(repo.clusterDir(cluster));
            try (ClusterLock lock = ClusterLock.acquire(repo.lockDir(cluster), LOCK, "dump", request.lockWait())) {
                return take(access, server, tools, selected);
            }
        }
    }

    private List<DatabaseInfo> select(List<DatabaseInfo> all, List<String> named, PgAccess access) {
        if (named.isEmpty()) {
            List<DatabaseInfo> out = all.stream().filter(d -> ctx.cluster().logical().databases().selects(d.name())).toList();
            if (out.isEmpty()) {
                throw PgKeeperException.usage("the policy selects no database on " + access.describe() + " (databases there: "
                        + names(all) + ")", "check clusters." + ctx.cluster().name() + ".logical.databases.include/exclude");
            }
            return out;
        }
        List<DatabaseInfo> out = new ArrayList<>();
        for (String name : named) {
            DatabaseInfo d = all.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow(() -> PgKeeperException.usage(
                    "unknown database \"" + name + "\" on " + access.describe() + " (databases there: " + names(all) + ")",
                    "check the name passed to --database"));
            if (!out.contains(d)) {
                out.add(d);
            }
        }
        return out;
    }

    private static String names(List<DatabaseInfo> all) {
        return String.join(", ", all.stream().map(DatabaseInfo::name).toList());
    }

    /** Dry run: show every call with placeholders for the backup directory; write nothing. */
    private Manifest plan(PgAccess access, ServerInfo server, PgTools tools, List<DatabaseInfo> selected) {
        Instant now = ctx.clock().instant();
        Path dir = ctx.repository().kindDir(ctx.cluster().name(), BackupKind.LOGICAL).resolve(BackupId.of(now));
        List<List<String>> commands = new ArrayList<>();
        globalsCall(access, tools, dir).ifPresent(call -> {
            ctx.runner().run(call);
            commands.add(call.redactedArgv());
        });
        List<DatabaseEntry> dbs = new ArrayList<>();
        for (DatabaseInfo d : selected) {
            DatabaseDumper dumper = new DatabaseDumper(ctx, access, tools, dir);
            commands.addAll(dumper.plan(d));
            dbs.add(new DatabaseEntry(d.name(), policy().format().yamlName(), null, 0, List.of(), d.encoding(), d.collate(), d.ctype(), d.owner(), null));
        }
        return new Manifest(Manifest.FORMAT_VERSION, BackupId.of(now), ctx.cluster().name(), BackupKind.LOGICAL, now, null,
                server.version(), server.systemIdentifier(), versions(server, tools), 0, List.of(), null, null, dbs, commands);
    }

    private Manifest take(PgAccess access, ServerInfo server, PgTools tools, List<DatabaseInfo> selected) {
        Instant started = ctx.clock().instant();
        Path dir = ctx.repository().newBackupDir(ctx.cluster().name(), BackupKind.LOGICAL, started);
        String id = dir.getFileName().toString();
        log.info("dump {} of cluster {} started: {} database(s) from {}", id, ctx.cluster().name(), selected.size(), access.describe());
        boolean committed = false;
        try {
            List<List<String>> commands = Collections.synchronizedList(new ArrayList<>());
            String globalsFile = null;
            Optional<ToolCall> globals = globalsCall(access, tools, dir);
            if (globals.isPresent()) {
                ctx.runner().run(globals.get()).orThrow("dumping globals (roles) failed",
                        "pg_dumpall needs a superuser (or use logical.globals: none)");
                commands.add(globals.get().redactedArgv());
                globalsFile = "globals.sql";
            }
            List<DatabaseEntry> dbs = dumpAll(access, tools, dir, selected, commands);
            SecureFiles.tighten(dir);
            // each database's files were hashed as its pg_dump ended: only the rest (globals.sql) is read here
            List<FileEntry> files = Checksums.describe(dir, dir, dbs.stream().flatMap(db -> db.files().stream()).toList());
            SecureFiles.fsyncTree(dir);
            long size = files.stream().mapToLong(FileEntry::sizeBytes).sum();
            Instant finished = ctx.clock().instant();
            Manifest m = new Manifest(Manifest.FORMAT_VERSION, id, ctx.cluster().name(), BackupKind.LOGICAL, started, finished,
                    server.version(), server.systemIdentifier(), versions(server, tools), size, files,
                    policy().globals().name().toLowerCase(java.util.Locale.ROOT), globalsFile, dbs, List.copyOf(commands));
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

    private List<DatabaseEntry> dumpAll(PgAccess access, PgTools tools, Path dir, List<DatabaseInfo> selected, List<List<String>> commands) {
        int parallel = Math.max(1, Math.min(policy().parallelDatabases(), selected.size()));
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "dump-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<DatabaseEntry>> futures = new ArrayList<>();
            for (DatabaseInfo d : selected) {
                futures.add(pool.submit(() -> new DatabaseDumper(ctx, access, tools, dir).dump(d, commands)));
            }
            List<DatabaseEntry> out = new ArrayList<>();
            long started = System.nanoTime();
            for (Future<DatabaseEntry> f : futures) {
                try {
                    out.add(f.get());
                    long bytes = out.stream().mapToLong(DatabaseEntry::sizeBytes).sum();
                    double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
                    ctx.progress().report(String.format(java.util.Locale.ROOT, "dumped %d/%d databases, %.1f MiB written (%.1f MiB/s)",
                            out.size(), selected.size(), bytes / 1048576.0, bytes / 1048576.0 / seconds));
                } catch (ExecutionException e) {
                    futures.forEach(other -> other.cancel(true));
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw PgKeeperException.failed("dump failed: " + e.getCause(), null, e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    futures.forEach(other -> other.cancel(true));
                    throw PgKeeperException.failed("dump interrupted", null);
                }
            }
            out.sort(Comparator.comparing(DatabaseEntry::name));
            return out;
        } finally {
            pool.shutdownNow();
            // a failed database must not let the caller delete the attempt while another worker's
            // pg_dump still writes into it
            awaitWorkers(pool);
        }
    }

    private void awaitWorkers(ExecutorService pool) {
        try {
            if (!pool.awaitTermination(ctx.cluster().timeouts().dump().toMillis() + 60_000, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                log.warn("dump workers did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Optional<ToolCall> globalsCall(PgAccess access, PgTools tools, Path dir) {
        if (policy().globals() == GlobalsMode.NONE) {
            return Optional.empty();
        }
        return Optional.of(ToolCall.of("pg_dumpall",
                PgDumpAll.globalsArgv(tools, policy().globals(), access.maintenanceDb(), dir.resolve("globals.sql")),
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
