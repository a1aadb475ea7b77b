package io.pgkeeper.verify;

import io.pgkeeper.repository.DatabaseEntry;
import io.pgkeeper.pgbackrest.PgBackRestFingerprints;
import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.pgbackrest.PgBackRestBackup;
import io.pgkeeper.pgbackrest.PgBackRestInfo;
import io.pgkeeper.pgbackrest.PgBackRestTool;
import io.pgkeeper.pgbackrest.PgBackRestVerifyOutput;
import io.pgkeeper.policy.CheckPolicy;
import io.pgkeeper.policy.PhysicalEngine;
import io.pgkeeper.postgres.LocalServer;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.PgBackRest;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.recovery.RecoveryGoal;
import io.pgkeeper.restore.PgBackRestSettings;
import io.pgkeeper.restore.Sandbox;
import io.pgkeeper.restore.SandboxConfig;
import io.pgkeeper.process.ToolResult;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.util.OsUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies a pgBackRest backup: {@code pgbackrest verify} (read, not trusted by exit code), a
 * restore into a sandbox with archiving off, recovery to consistency, every database readable,
 * the policy's checks, teardown. The sandbox server runs as the cluster's OS user, which owns
 * the files pgbackrest restored.
 */
public final class PgBackRestVerifier {
    /** pgBackRest's backup labels: 20261121-060308F, 20261121-060308F_20261121-060310D (or I). */
    private static final java.util.regex.Pattern LABEL = java.util.regex.Pattern.compile("\\d{8}-\\d{6}F(_\\d{8}-\\d{6}[DI])?");

    private final RunContext ctx;
    private final List<CheckResult> checks = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<FingerprintMismatch> mismatches = new ArrayList<>();

    public PgBackRestVerifier(RunContext ctx) {
        this.ctx = ctx;
    }

    /** Whether this request is for pgBackRest backups: engine pgbackrest, and physical or every kind. */
    public static boolean claims(RunContext ctx, VerifyRequest request) {
        return ctx.cluster().physical().engine() == PhysicalEngine.PGBACKREST
                && request.kind().map(k -> k == BackupKind.PHYSICAL).orElse(true)
                && (request.backupId().equals("latest") || request.kind().isPresent() || LABEL.matcher(request.backupId()).matches());
    }

    public VerifyReport verify(VerifyRequest request) {
        Instant started = ctx.clock().instant();
        long t0 = System.nanoTime();
        PgBackRestTool tool = PgBackRestTool.open(ctx);
        PgBackRestInfo info = tool.info();
        PgBackRestBackup backup = pick(info, request.backupId());
        StepRecorder steps = new StepRecorder(ctx.clock(), backup.label(), () -> tool.info().find(backup.label()).isPresent());
        Sandbox sandbox = Sandbox.create(ctx.cluster().verify().sandbox(), backup.label());
        LocalServer[] server = new LocalServer[1];
        Set<String> databases = new LinkedHashSet<>();
        KeptSandbox kept = null;
        try {
            steps.run("pgbackrest verify", () -> repositoryCheck(tool));
            steps.run("restore", () -> restore(tool, backup, sandbox.dir()));
            steps.run("recovery", () -> {
                server[0] = start(backup, sandbox.dir());
                return waitForConsistency(server[0]);
            });
            steps.run("fingerprint", () -> readable(server[0], databases) + "; " + compare(server[0], backup));
            steps.run("checks", () -> checks(server[0], databases, backup.startedAt()));
        } finally {
            if (request.keepSandbox() && server[0] != null && server[0].running()) {
                LocalServer s = server[0];
                kept = new KeptSandbox(sandbox.dir().toString(), s.dataDir().toString(), s.port(), s.osUser().orElse(OsUser.name()),
                        s.psqlCommand("postgres"), s.tools().bin("pg_ctl") + " -D " + s.dataDir() + " stop");
            } else {
                try {
                    if (server[0] != null) {
                        server[0].stop();
                    }
                } catch (PgKeeperException e) {
                    warnings.add("could not stop the sandbox server: " + e.getMessage());
                } finally {
                    sandbox.close();
                }
            }
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        int code = steps.exitCode();
        String summary = code == 0 ? "passed: " + steps.steps().size() + " steps and " + checks.size() + " checks"
                : (code == 3 ? "backup is bad: " : "verify could not run: ") + steps.failure().lines().findFirst().orElse("");
        return new VerifyReport(backup.label(), ctx.cluster().name(), BackupKind.PHYSICAL, started, ms, code == 0, code, summary,
                steps.steps(), checks, mismatches, warnings, kept);
    }

    private static PgBackRestBackup pick(PgBackRestInfo info, String id) {
        if (id.equals("latest")) {
            return info.latest().orElseThrow(() -> PgKeeperException.usage("stanza " + info.stanza() + " has no pgBackRest backup to verify ("
                    + info.statusMessage() + ")", "take one first: pgkeeper basebackup"));
        }
        return info.find(id).orElseThrow(() -> PgKeeperException.usage("stanza " + info.stanza() + " has no backup " + id,
                "see pgkeeper list --kind physical"));
    }

    /** pgbackrest verify exits 0 even when it finds damage: its report is what counts. */
    private String repositoryCheck(PgBackRestTool tool) {
        ToolResult r = tool.runOrThrow("pgbackrest verify of stanza " + tool.stanza() + " failed", PgBackRest.verify(tool.invocation()),
                ctx.cluster().timeouts().verify(), true);
        PgBackRestVerifyOutput out = PgBackRestVerifyOutput.parse(r.stdout());
        if (!out.ok()) {
            throw StepFailure.provenBad("pgbackrest verify found damage in the repository:\n  " + String.join("\n  ", out.problems()));
        }
        return "pgbackrest verify: " + out.summary();
    }

    private String restore(PgBackRestTool tool, PgBackRestBackup backup, Path dir) {
        Path data = dir.resolve("data");
        try {
            Files.createDirectory(data, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(io.pgkeeper.util.SecureFiles.DIR));
        } catch (IOException e) {
            throw StepFailure.couldNotRun("cannot create " + data + ": " + e.getMessage());
        }
        if (OsUser.isRoot()) {
            LocalServer.chown(dir, ctx.cluster().osUser());
        }
        // every tablespace goes inside the sandbox, never to the source's directories
        PgBackRest.Restore r = new PgBackRest.Restore(data, Optional.of(backup.label()), false, Optional.of("immediate"), Optional.empty(),
                Optional.of("promote"), Optional.empty(), true, Map.of(), Optional.of(dir.resolve("tablespaces")), List.of());
        ToolResult result = tool.run(PgBackRest.restore(tool.invocation(), r), ctx.cluster().timeouts().restore(), false);
        if (!result.ok()) {
            throw Verdicts.pgbackrestRestore(io.pgkeeper.pgbackrest.PgBackRestError.toException("pgbackrest restore of " + backup.label()
                    + " into the sandbox failed", result, tool.stanza()));
        }
        return "restored " + backup.label() + " (" + backup.type() + ") into " + data;
    }

    /** The one sandbox configuration, around what pgbackrest restore wrote; started without waiting. */
    private LocalServer start(PgBackRestBackup backup, Path dir) {
        Path data = dir.resolve("data");
        int port = LocalServer.freePort();
        try {
            Path auto = data.resolve("postgresql.auto.conf");
            String written = Files.exists(auto) ? Files.readString(auto, StandardCharsets.UTF_8) : "";
            SandboxConfig.write(data, dir, port, PgBackRestSettings.recoveryBlock(written));
            if (OsUser.isRoot()) {
                LocalServer.chown(dir, ctx.cluster().osUser());
            }
        } catch (IOException e) {
            throw StepFailure.couldNotRun("cannot configure the sandbox " + data + ": " + e.getMessage());
        }
        int major = SandboxVerification.majorOf(backup.pgVersion() == null ? "0" : backup.pgVersion());
        PgTools tools = ctx.binaries().serverOfMajor(major, ctx.cluster().binDir(), true);
        return LocalServer.adopt(ctx.runner(), tools, dir, data, port, ctx.cluster().osUser(), ctx.cluster().timeouts().verify()).launch();
    }

    private String waitForConsistency(LocalServer server) {
        var o = SandboxRecovery.await(ctx, server, LocalServer.SUPERUSER, RecoveryGoal.PROMOTE, "the verify sandbox of pgBackRest backup");
        return "recovered to consistency and promoted" + (o.lsn() == null ? "" : " at " + o.lsn());
    }

    private String readable(LocalServer server, Set<String> databases) {
        PgAccess access = server.access();
        int tables = 0;
        try (Connection c = access.connect("postgres"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY 1")) {
            while (rs.next()) {
                databases.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw StepFailure.provenBad("the restored server cannot list its databases: " + e.getMessage());
        }
        for (String db : databases) {
            try (Connection c = access.connect(db); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                            + " WHERE c.relkind IN ('r','p') AND n.nspname NOT IN ('pg_catalog','information_schema')")) {
                rs.next();
                tables += rs.getInt(1);
            } catch (SQLException e) {
                throw StepFailure.provenBad("database \"" + db + "\" of the restored backup cannot be read: " + e.getMessage());
            }
        }
        return databases.size() + " databases readable, " + tables + " user tables";
    }

    /** Schema hashes and row estimates recorded when pgkeeper took the backup, against the recovered copy. */
    private String compare(LocalServer server, PgBackRestBackup backup) {
        Optional<List<DatabaseEntry>> recorded = new PgBackRestFingerprints(ctx.repository(), ctx.cluster().name()).read(backup.label());
        if (recorded.isEmpty()) {
            warnings.add("no pgkeeper fingerprint for " + backup.label() + " (taken outside pgkeeper?): row counts are not compared");
            return "no fingerprint recorded";
        }
        PgTools client = ctx.binaries().forServer(server.tools().major(), ctx.cluster().binDir(), "pg_dump");
        int compared = 0;
        for (DatabaseEntry d : recorded.get()) {
            if (d.fingerprint() == null) {
                continue;
            }
            RestoredDatabase restored = RestoredReader.read(ctx, server.access(), client, d.name(), d.fingerprint().schemaHash() != null);
            mismatches.addAll(UnloggedFilter.compare(server.access(), d, restored, ctx.cluster().verify().rowCountTolerance(), warnings).mismatches());
            compared++;
        }
        if (!mismatches.isEmpty()) {
            throw StepFailure.provenBad(mismatches.size() + " difference(s) from what the backup recorded:\n  "
                    + mismatches.stream().map(FingerprintMismatch::message).collect(java.util.stream.Collectors.joining("\n  ")));
        }
        return compared + " database(s) match the schema hashes and row estimates recorded at backup time";
    }

    private String checks(LocalServer server, Set<String> databases, Instant backupStartedAt) {
        List<CheckPolicy> policy = ctx.cluster().verify().checks();
        CheckRunner runner = new CheckRunner(server.access(), databases, backupStartedAt, ctx.cluster().timeouts().verify());
        for (CheckPolicy check : policy) {
            checks.add(runner.run(check));
        }
        List<String> failed = checks.stream().filter(c -> !c.ok()).map(CheckResult::message).toList();
        if (!failed.isEmpty()) {
            throw StepFailure.provenBad(String.join("\n", failed));
        }
        return policy.isEmpty() ? "no checks in the policy" : checks.size() + " checks passed";
    }
}
