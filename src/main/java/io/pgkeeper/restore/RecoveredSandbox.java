package io.pgkeeper.restore;

import io.pgkeeper.archive.ArchivedFile;
import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.archive.WalNames;
import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.LocalServer;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.process.ToolResult;
import io.pgkeeper.recovery.Login;
import io.pgkeeper.recovery.PsqlProbe;
import io.pgkeeper.recovery.RecoveryFailures;
import io.pgkeeper.recovery.RecoveryGoal;
import io.pgkeeper.recovery.RecoveryOutcome;
import io.pgkeeper.recovery.RecoveryWait;
import io.pgkeeper.recovery.ServerWatch;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.Manifest;
import io.pgkeeper.util.OsUser;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A base backup recovered in a throwaway server: what {@code verify --kind physical} and the
 * point-in-time restore of one database share. The backup is laid out in a private directory,
 * every tablespace inside it (never at the source's paths), checked by pg_verifybackup, set up
 * as a private server that never archives, given the archived WAL it needs beforehand (its OS
 * user cannot read the repository), started as the sandbox OS user and watched by the one
 * recovery wait. The caller judges the outcome: verify tells a bad backup from one it could not
 * prove; restore fails with exit 1. Evidence against the backup itself (pg_verifybackup finds
 * damage, an archived WAL file is unusable) is thrown as exit 3.
 */
public final class RecoveredSandbox implements AutoCloseable {
    private final RunContext ctx;
    private final Backup backup;
    private final Sandbox sandbox;
    private final PgTools tools;
    private final Duration timeout;
    private LocalServer server;

    private RecoveredSandbox(RunContext ctx, Backup backup, Sandbox sandbox, PgTools tools, Duration timeout) {
        this.ctx = ctx;
        this.backup = backup;
        this.sandbox = sandbox;
        this.tools = tools;
        this.timeout = timeout;
    }

    /**
     * Creates the sandbox directory only.
     *
     * @param purpose {@link Sandbox#VERIFY} or {@link Sandbox#RESTORE}
     * @param timeout for each tool and for the recovery wait: the policy's verify or restore timeout
     */
    public static RecoveredSandbox create(RunContext ctx, Backup backup, String purpose, Duration timeout) {
        Manifest m = backup.manifest();
        PgTools tools = ctx.binaries().serverOfMajor(PhysicalRestoreService.major(m.serverVersion()), ctx.cluster().binDir(), true);
        return new RecoveredSandbox(ctx, backup, Sandbox.create(ctx.cluster().verify().sandbox(), m.id(), purpose), tools, timeout);
    }

    /** Lays the base backup out in the sandbox, its tablespaces beside it, and runs pg_verifybackup on it. */
    public String layOut() {
        Path data = data();
        String id = backup.id();
        BaseBackupFiles files = new BaseBackupFiles(ctx.runner(), timeout);
        List<TablespacePlan.Placement> tablespaces = files.tablespaces(backup).stream().map(t -> new TablespacePlan.Placement(t.oid(), t.name(),
                Path.of(t.path()), sandbox.dir().resolve("tablespaces").resolve(t.oid()), true, false)).toList();
        try {
            SecureFiles.createDirectories(data.resolve("pg_wal"));
            for (TablespacePlan.Placement t : tablespaces) {
                SecureFiles.createDirectories(t.to());
            }
            for (ToolCall call : files.extractCalls(backup, data, tablespaces)) {
                ctx.runner().run(call).orThrow("extracting base backup " + id + " into the sandbox failed", "check free space in " + sandbox.dir());
            }
            BaseBackupFiles.link(data, tablespaces);
            Files.copy(backup.dir().resolve("backup_manifest"), sandbox.dir().resolve("backup_manifest"));
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot extract the base backup into " + data + ": " + e.getMessage(), "check free space in " + sandbox.dir(), e);
        }
        ToolResult verified = ctx.runner().run(ToolCall.of("pg_verifybackup", List.of(tools.bin("pg_verifybackup"),
                "--manifest-path=" + sandbox.dir().resolve("backup_manifest"), data.toString()), Map.of(), timeout));
        if (!verified.ok()) {
            throw PgKeeperException.verification("pg_verifybackup found the extracted base backup " + id + " damaged:\n  "
                    + String.join("\n  ", verified.stderrTail()), "use another backup (pgkeeper list --kind physical)");
        }
        try {
            // only now: pg_verifybackup checks tablespace_map as the backup wrote it
            BaseBackupFiles.writeMap(data, tablespaces);
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot write " + data.resolve("tablespace_map") + ": " + e.getMessage(), null, e);
        }
        return "base backup " + id + " extracted into " + data + (tablespaces.isEmpty() ? "" : " with " + tablespaces.size()
                + " tablespace(s) inside the sandbox") + " and checked by pg_verifybackup " + tools.version();
    }

    /**
     * Configures the copy as a private server and starts it without waiting. Without a target it
     * replays only the backup's own WAL (pg_wal.tar) and promotes at its end: not recovery_target =
     * immediate, because a standby's backup becomes consistent at a segment boundary past its last
     * record, where that target is never seen and PostgreSQL stops with "recovery ended before ... target".
     */
    public String launch(RecoveryTarget target) {
        Path data = data();
        int port = LocalServer.freePort();
        String osUser = ctx.cluster().verify().sandbox().osUser();
        try {
            List<String> recovery = target.isSet()
                    ? RecoverySettings.lines("cp " + sandbox.dir().resolve("wal") + "/%f %p", target)
                    : RecoverySettings.lines("false", RecoveryTarget.none());
            SandboxConfig.write(data, sandbox.dir(), port, recovery);
            if (target.isSet()) {
                copyArchivedWal(sandbox.dir().resolve("wal"));
            }
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot configure the sandbox in " + data + ": " + e.getMessage(), "check free space in " + sandbox.dir(), e);
        }
        SecureFiles.tighten(data);
        if (OsUser.isRoot()) {
            LocalServer.chown(sandbox.dir(), osUser);
        }
        server = sandbox.launch(ctx.runner(), tools, data, port, osUser, timeout);
        return "server started on port " + port + server.osUser().map(u -> " as OS user " + u).orElse("");
    }

    /** The sandbox's OS user cannot read the repository: the WAL it needs is copied out, checked, beforehand. */
    private void copyArchivedWal(Path walDir) throws IOException {
        SecureFiles.createDirectories(walDir);
        WalArchive archive = WalArchive.of(ctx.repository(), ctx.cluster().name());
        String start = backup.manifest().physical().startWalSegment();
        for (ArchivedFile f : archive.list()) {
            boolean needed = f.walName().endsWith(".history") || (WalNames.isSegment(f.walName())
                    && f.walName().substring(8).compareTo(start.substring(8)) >= 0);
            if (needed) {
                try {
                    archive.get(f.walName(), walDir.resolve(f.walName()));
                } catch (PgKeeperException e) {
                    throw PgKeeperException.verification("archived WAL " + f.walName() + " is unusable: " + e.getMessage(),
                            "run pgkeeper archive check; recovery cannot pass this file");
                }
            }
        }
    }

    /** The one recovery wait on this sandbox; the outcome is not judged here. */
    public RecoveryOutcome await(RecoveryGoal goal) {
        return await(ctx, server, superuser(), goal, timeout);
    }

    /** The one recovery wait on any sandbox server: over its own socket as its OS user, then as the role, both trusted there. */
    public static RecoveryOutcome await(RunContext ctx, LocalServer server, String superuser, RecoveryGoal goal, Duration timeout) {
        String osUser = server.osUser().orElse(OsUser.name());
        List<Login> logins = List.of(Login.osUser(osUser), new Login(superuser, server.osUser(),
                Map.of("PGPASSFILE", "/nonexistent/pgkeeper-no-passfile"), true, "role " + superuser + " over the sandbox's socket"));
        ServerWatch watch = new ServerWatch(server.dataDir(), server.logFile(), new PsqlProbe(ctx.runner(), server.tools().bin("psql"), logins));
        return RecoveryWait.system(ctx.clock()).await(watch, goal, timeout, server.logFile().toString());
    }

    /** The copy as a failure message names it. */
    public static RecoveryFailures.Copy copy(LocalServer server, String what, Optional<String> archiveEnd) {
        String stop = server.osUser().map(u -> "runuser -u " + u + " -- ").orElse("") + server.tools().bin("pg_ctl") + " -D " + server.dataDir()
                + " -m fast stop";
        return new RecoveryFailures.Copy(what, server.port(), server.dataDir(), archiveEnd, stop);
    }

    /** The role verify and restore log in as; trusted over the sandbox's loopback and socket. */
    public String superuser() {
        return ctx.cluster().connection().user().orElse(LocalServer.SUPERUSER);
    }

    public PgAccess access() {
        return PgAccess.local(server.port(), superuser(), Duration.ofSeconds(10));
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    /** The started server, or null before {@link #launch}. */
    public LocalServer server() {
        return server;
    }

    public PgTools tools() {
        return tools;
    }

    public Path dir() {
        return sandbox.dir();
    }

    private Path data() {
        return sandbox.dir().resolve("data");
    }

    /** Stops the server if it runs and removes the whole directory. */
    @Override
    public void close() {
        sandbox.close();
    }
}
