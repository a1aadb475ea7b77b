package io.pgkeeper.engine.pgbackrest;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.postgres.LocalServer;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.process.ToolResult;
import io.pgkeeper.recovery.RecoveryGoal;
import io.pgkeeper.repository.DatabaseEntry;
import io.pgkeeper.restore.Sandbox;
import io.pgkeeper.restore.SandboxConfig;
import io.pgkeeper.util.SecureFiles;
import io.pgkeeper.verify.KeptSandbox;
import io.pgkeeper.verify.Pipeline;
import io.pgkeeper.verify.Proved;
import io.pgkeeper.verify.SandboxVerification;
import io.pgkeeper.verify.StepFailure;
import io.pgkeeper.verify.Verdicts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The steps that prove a pgBackRest backup, run by the one verify pipeline: {@code pgbackrest
 * verify} (read, not trusted by exit code), a restore into a sandbox with archiving off, the one
 * sandbox configuration around what pgbackrest wrote, recovery to consistency under the one
 * recovery wait, every database readable, the fingerprint pgkeeper recorded, the policy's checks.
 * The sandbox server runs as the cluster's OS user, which owns the files pgbackrest restored.
 * Each step hands the next what it made: the restored sandbox, its server, the databases read.
 */
final class PgBackRestVerification extends SandboxVerification {
    private final PgBackRestTool tool;
    private final PgBackRestBackup backup;

    /** The recovered server and the databases it could read: what the checks run against. */
    record Readable(LocalServer server, Set<String> databases) {}

    PgBackRestVerification(RunContext ctx, PgBackRestTool tool, PgBackRestBackup backup) {
        super(ctx, backup.startedAt());
        this.tool = tool;
        this.backup = backup;
    }

    @Override
    protected void run(Pipeline p) {
        p.step("pgbackrest verify", this::repositoryCheck).flatMap(x -> p.step("restore", this::restore))
                .flatMap(sandbox -> p.step("recovery", () -> recovery(sandbox))).flatMap(server -> p.step("fingerprint", () -> fingerprint(server)))
                .flatMap(r -> p.step("checks", () -> Proved.that(runChecks(r.server().access(), r.databases()))));
    }

    /** pgbackrest verify exits 0 even when it finds damage: its report is what counts. */
    private Proved<Proved.Nothing> repositoryCheck() {
        ToolResult r = tool.runOrThrow("pgbackrest verify of stanza " + tool.stanza() + " failed", PgBackRest.verify(tool.invocation()),
                ctx.cluster().timeouts().verify(), true);
        PgBackRestVerifyOutput out = PgBackRestVerifyOutput.parse(r.stdout());
        if (!out.ok()) {
            throw StepFailure.provenBad("pgbackrest verify found damage in the repository:\n  " + String.join("\n  ", out.problems()));
        }
        return Proved.that("pgbackrest verify: " + out.summary());
    }

    private Proved<Sandbox> restore() {
        Sandbox sandbox = own(Sandbox.create(ctx.cluster().verify().sandbox(), backup.label()));
        Path dir = sandbox.dir();
        Path data = dir.resolve("data");
        try {
            Files.createDirectory(data, PosixFilePermissions.asFileAttribute(SecureFiles.DIR));
        } catch (IOException e) {
            throw StepFailure.couldNotRun("cannot create " + data + ": " + e.getMessage());
        }
        if (ctx.os().root()) {
            LocalServer.chown(dir, ctx.cluster().osUser());
        }
        // every tablespace goes inside the sandbox, never to the source's directories
        PgBackRest.Restore r = new PgBackRest.Restore(data, Optional.of(backup.label()), false, Optional.of("immediate"), Optional.empty(),
                Optional.of("promote"), Optional.empty(), true, Map.of(), Optional.of(dir.resolve("tablespaces")),
                tool.restoreCommand().map(c -> List.of("restore_command=" + c)).orElse(List.of()));
        ToolResult result = tool.run(PgBackRest.restore(tool.invocation(), r), ctx.cluster().timeouts().restore(), false);
        if (!result.ok()) {
            throw Verdicts.pgbackrestRestore(PgBackRestError.toException("pgbackrest restore of " + backup.label()
                    + " into the sandbox failed", result, tool.stanza()));
        }
        return Proved.that("restored " + backup.label() + " (" + backup.type() + ") into " + data, sandbox);
    }

    /** The one sandbox configuration, around the recovery settings pgbackrest restore wrote; then the one recovery wait. */
    private Proved<LocalServer> recovery(Sandbox sandbox) {
        Path dir = sandbox.dir();
        Path data = dir.resolve("data");
        int port = LocalServer.freePort();
        try {
            Path auto = data.resolve("postgresql.auto.conf");
            String written = Files.exists(auto) ? Files.readString(auto, StandardCharsets.UTF_8) : "";
            SandboxConfig.write(data, dir, port, PgBackRestSettings.recoveryBlock(written));
            if (ctx.os().root()) {
                LocalServer.chown(dir, ctx.cluster().osUser());
            }
        } catch (IOException e) {
            throw StepFailure.couldNotRun("cannot configure the sandbox " + data + ": " + e.getMessage());
        }
        int major = SandboxVerification.majorOf(backup.pgVersion() == null ? "0" : backup.pgVersion());
        PgTools tools = ctx.binaries().serverOfMajor(major, ctx.cluster().binDir(), true);
        LocalServer server = sandbox.launch(ctx.runner(), tools, data, port, ctx.os().runAs(ctx.cluster().osUser()), ctx.cluster().timeouts().verify());
        var o = awaitRecovery(server, LocalServer.SUPERUSER, RecoveryGoal.PROMOTE, "the verify sandbox of pgBackRest backup");
        return Proved.that("recovered to consistency and promoted" + (o.lsn() == null ? "" : " at " + o.lsn()), server);
    }

    /** Every database readable, then what pgkeeper recorded at backup time, compared. */
    private Proved<Readable> fingerprint(LocalServer server) {
        Set<String> databases = new LinkedHashSet<>();
        String readable = readable(server, databases);
        return Proved.that(readable + "; " + compare(server), new Readable(server, databases));
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
    private String compare(LocalServer server) {
        Optional<List<DatabaseEntry>> recorded = new PgBackRestFingerprints(ctx.repository(), ctx.cluster().name()).read(backup.label());
        if (recorded.isEmpty()) {
            warnings.add("no pgkeeper fingerprint for " + backup.label() + " (taken outside pgkeeper?): row counts are not compared");
            return "no fingerprint recorded";
        }
        PgTools client = ctx.binaries().forServer(server.tools().major(), ctx.cluster().binDir(), "pg_dump");
        int compared = 0;
        for (DatabaseEntry d : recorded.get()) {
            if (d.fingerprint() != null) {
                compareFingerprint(server.access(), client, d);
                compared++;
            }
        }
        failOnMismatches();
        return compared + " database(s) match the schema hashes and row estimates recorded at backup time";
    }

    @Override
    protected KeptSandbox keep(Sandbox sandbox, LocalServer server) {
        return new KeptSandbox(sandbox.dir().toString(), server.dataDir().toString(), server.port(), server.osUser().orElse(ctx.os().name()),
                server.psqlCommand("postgres"), server.tools().bin("pg_ctl") + " -D " + server.dataDir() + " stop");
    }
}
