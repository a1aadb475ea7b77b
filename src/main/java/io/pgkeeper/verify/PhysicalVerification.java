package io.pgkeeper.verify;

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
import io.pgkeeper.recovery.RecoveryGoal;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.DatabaseEntry;
import io.pgkeeper.repository.PhysicalInfo;
import io.pgkeeper.restore.BaseBackupFiles;
import io.pgkeeper.restore.RecoverySettings;
import io.pgkeeper.restore.RecoveryTarget;
import io.pgkeeper.restore.TablespacePlan;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state and steps of one physical verify: the base backup is laid out in a sandbox, every
 * tablespace inside it (never at the source's paths), checked by pg_verifybackup, started as a
 * private server and recovered (to consistency, or to a target through WAL copied out of the
 * archive) under the one recovery wait, then compared and checked.
 */
final class PhysicalVerification extends SandboxVerification {
    private final PhysicalInfo info;
    private final RecoveryTarget target;
    private PgAccess access;
    private PgTools tools;

    PhysicalVerification(RunContext ctx, Backup backup, RecoveryTarget target) {
        super(ctx, backup);
        this.info = m.physical();
        this.target = target;
    }

    @Override
    List<Step> steps() {
        return List.of(new Step("integrity", () -> PhysicalIntegrity.check(ctx, backup, target, warnings)), new Step("sandbox", this::sandbox),
                new Step("start", this::start), new Step("recovery", this::recovery), new Step("fingerprint", this::fingerprint),
                new Step("checks", this::checks));
    }

    /** Lays the base backup out in a private directory, its tablespaces beside it, and runs pg_verifybackup on it. */
    String sandbox() {
        tools = ctx.binaries().serverOfMajor(SandboxVerification.majorOf(m.serverVersion()), ctx.cluster().binDir(), true);
        sandbox = Sandbox.create(ctx.cluster().verify().sandbox(), m.id());
        Path data = sandbox.dir().resolve("data");
        BaseBackupFiles files = new BaseBackupFiles(ctx.runner(), ctx.cluster().timeouts().verify());
        List<TablespacePlan.Placement> tablespaces = files.tablespaces(backup).stream().map(t -> new TablespacePlan.Placement(t.oid(), t.name(),
                Path.of(t.path()), sandbox.dir().resolve("tablespaces").resolve(t.oid()), true, false)).toList();
        try {
            SecureFiles.createDirectories(data.resolve("pg_wal"));
            for (TablespacePlan.Placement t : tablespaces) {
                SecureFiles.createDirectories(t.to());
            }
            for (ToolCall call : files.extractCalls(backup, data, tablespaces)) {
                ctx.runner().run(call).orThrow("extracting base backup " + m.id() + " into the sandbox failed", "check free space in " + sandbox.dir());
            }
            BaseBackupFiles.link(data, tablespaces);
            Files.copy(backup.dir().resolve("backup_manifest"), sandbox.dir().resolve("backup_manifest"));
        } catch (IOException e) {
            throw StepFailure.couldNotRun("cannot extract the base backup into " + data + ": " + e.getMessage());
        }
        ToolResult verified = ctx.runner().run(ToolCall.of("pg_verifybackup", List.of(tools.bin("pg_verifybackup"),
                "--manifest-path=" + sandbox.dir().resolve("backup_manifest"), data.toString()), Map.of(), ctx.cluster().timeouts().verify()));
        if (!verified.ok()) {
            throw StepFailure.provenBad("pg_verifybackup found the extracted base backup damaged:\n  " + String.join("\n  ", verified.stderrTail()));
        }
        try {
            // only now: pg_verifybackup checks tablespace_map as the backup wrote it
            BaseBackupFiles.writeMap(data, tablespaces);
        } catch (IOException e) {
            throw StepFailure.couldNotRun("cannot write " + data.resolve("tablespace_map") + ": " + e.getMessage());
        }
        return "base backup extracted into " + data + (tablespaces.isEmpty() ? "" : " with " + tablespaces.size() + " tablespace(s) inside the sandbox")
                + " and checked by pg_verifybackup " + tools.version();
    }

    /** Configures the copy as a private server and starts it; the recovery step waits for it. */
    String start() {
        Path data = sandbox.dir().resolve("data");
        int port = LocalServer.freePort();
        String osUser = ctx.cluster().verify().sandbox().osUser();
        try {
            // Without a target the copy replays only the backup's own WAL (pg_wal.tar) and promotes at its end. Not
            // recovery_target = immediate: a standby's backup becomes consistent at a segment boundary past its last
            // record, where that target is never seen and PostgreSQL stops with "recovery ended before ... target".
            List<String> recovery = target.isSet()
                    ? RecoverySettings.lines("cp " + sandbox.dir().resolve("wal") + "/%f %p", target)
                    : RecoverySettings.lines("false", RecoveryTarget.none());
            SandboxConfig.write(data, sandbox.dir(), port, recovery);
            if (target.isSet()) {
                copyArchivedWal(sandbox.dir().resolve("wal"));
            }
        } catch (IOException e) {
            throw StepFailure.couldNotRun("cannot configure the sandbox in " + data + ": " + e.getMessage());
        }
        SecureFiles.tighten(data);
        if (ctx.os().root()) {
            LocalServer.chown(sandbox.dir(), osUser);
        }
        server = sandbox.launch(ctx.runner(), tools, data, port, ctx.os().runAs(osUser), ctx.cluster().timeouts().verify());
        access = PgAccess.local(port, superuser(), Duration.ofSeconds(10));
        return "server started on port " + port + server.osUser().map(u -> " as OS user " + u).orElse("");
    }

    private String superuser() {
        return ctx.cluster().connection().user().orElse(LocalServer.SUPERUSER);
    }

    /** The sandbox's OS user cannot read the repository: the WAL it needs is copied out, checked, beforehand. */
    private void copyArchivedWal(Path walDir) throws IOException {
        SecureFiles.createDirectories(walDir);
        WalArchive archive = WalArchive.of(ctx.repository(), ctx.cluster().name());
        String start = info.startWalSegment();
        for (ArchivedFile f : archive.list()) {
            boolean needed = f.walName().endsWith(".history") || (WalNames.isSegment(f.walName())
                    && f.walName().substring(8).compareTo(start.substring(8)) >= 0);
            if (needed) {
                try {
                    archive.get(f.walName(), walDir.resolve(f.walName()));
                } catch (PgKeeperException e) {
                    throw StepFailure.provenBad("archived WAL " + f.walName() + " is unusable: " + e.getMessage());
                }
            }
        }
    }

    /** The one recovery wait; its outcome is judged by {@link Verdicts}. */
    String recovery() {
        var o = SandboxRecovery.await(ctx, server, superuser(), RecoveryGoal.PROMOTE, "the verify sandbox of backup " + m.id());
        return "recovered " + (target.isSet() ? "to the target" : "to consistency") + (o.lsn() == null ? "" : " at " + o.lsn())
                + (o.lastTransaction() == null ? "" : ", last transaction " + o.lastTransaction());
    }

    /** Row estimates and schema hash recorded at backup time; only meaningful for recovery to the backup's end. */
    String fingerprint() {
        if (target.isSet()) {
            warnings.add("fingerprint not compared: recovery went past the backup's end to a target");
            return "skipped: a recovery target was given";
        }
        List<DatabaseEntry> recorded = m.databases().stream().filter(d -> d.fingerprint() != null).toList();
        if (recorded.isEmpty()) {
            warnings.add("the backup recorded no fingerprint");
            return "skipped: nothing recorded";
        }
        PgTools client = ctx.binaries().forServer(tools.major(), ctx.cluster().binDir(), "pg_dump");
        int skipped = 0;
        for (DatabaseEntry d : recorded) {
            boolean withHash = d.fingerprint().schemaHash() != null;
            UnloggedFilter.Compared c = UnloggedFilter.compare(access, d, RestoredReader.read(ctx, access, client, d.name(), withHash),
                    ctx.cluster().verify().rowCountTolerance(), warnings);
            mismatches.addAll(c.mismatches());
            skipped += c.skipped();
        }
        failOnMismatches();
        return recorded.size() + " database(s) match the schema hashes and row estimates recorded at backup time"
                + (skipped == 0 ? "" : "; " + skipped + " unlogged relation(s) not compared (recovery empties them by design)");
    }

    String checks() {
        Set<String> dbs = new LinkedHashSet<>();
        try (Connection c = access.connect("postgres"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT datname FROM pg_database WHERE datallowconn")) {
            while (rs.next()) {
                dbs.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw StepFailure.couldNotRun("cannot list the recovered databases: " + e.getMessage());
        }
        return runChecks(access, dbs);
    }

    @Override
    KeptSandbox keep() {
        return new KeptSandbox(sandbox.dir().toString(), server.dataDir().toString(), server.port(), server.osUser().orElse(null),
                tools.bin("psql") + " -h " + sandbox.dir() + " -p " + server.port() + " -U " + superuser() + " -d postgres", stopCommand());
    }
}
