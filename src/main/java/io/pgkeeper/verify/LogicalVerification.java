package io.pgkeeper.verify;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.Catalog;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.PgRestore;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.process.ToolResult;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.DatabaseEntry;
import io.pgkeeper.repository.Integrity;
import io.pgkeeper.restore.GlobalsApplier;
import io.pgkeeper.restore.GlobalsScript;
import io.pgkeeper.restore.LogicalRestoreService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state and steps of one logical verify run. Each step returns what it proved, or throws a
 * {@link StepFailure}; {@link StepRecorder} times them and stops at the first failure.
 */
final class LogicalVerification extends SandboxVerification {
    private static final Logger log = LoggerFactory.getLogger(LogicalVerification.class);
    /** The sandbox's own maintenance database: never one a backup restores into, unlike postgres. */
    private static final String MAINTENANCE_DB = "template1";
    private static final Duration SERVER_TIMEOUT = Duration.ofMinutes(5);

    private PgAccess access;
    private PgTools clientTools;

    LogicalVerification(RunContext ctx, Backup backup) {
        super(ctx, backup);
    }

    @Override
    List<Step> steps() {
        return List.of(new Step("integrity", this::integrity), new Step("sandbox", this::sandbox), new Step("restore", this::restore),
                new Step("fingerprint", this::fingerprint), new Step("checks", this::checks));
    }

    String integrity() {
        if (m.files().isEmpty()) {
            throw StepFailure.provenBad("the manifest of backup " + m.id() + " lists no files");
        }
        List<Integrity.Mismatch> bad = Integrity.check(backup.dir(), m.files());
        if (!bad.isEmpty()) {
            throw StepFailure.provenBad(bad.size() + " of " + m.files().size() + " files do not match the manifest:\n  "
                    + bad.stream().map(Integrity.Mismatch::describe).collect(Collectors.joining("\n  ")));
        }
        return m.files().size() + " files match their sha256 in the manifest";
    }

    String sandbox() {
        int major = SandboxVerification.majorOf(m.serverVersion());
        PgTools serverTools = serverTools(major);
        sandbox = Sandbox.create(ctx.cluster().verify().sandbox(), m.id());
        Duration timeout = min(SERVER_TIMEOUT, ctx.cluster().timeouts().verify());
        server = sandbox.start(ctx.runner(), serverTools, ctx.cluster().verify().sandbox().osUser(), timeout);
        access = server.access();
        clientTools = ctx.binaries().forServer(serverTools.major(), ctx.cluster().binDir(), "pg_restore");
        return "PostgreSQL " + serverTools.version() + " (backup from " + m.serverVersion() + ") in " + sandbox.dir() + ", port " + server.port()
                + server.osUser().map(u -> ", running as OS user " + u).orElse("");
    }

    /** The backup's own major where installed (a data directory restores most faithfully there), else the next newer one. */
    private PgTools serverTools(int major) {
        try {
            return ctx.binaries().serverOfMajor(major, ctx.cluster().binDir(), true);
        } catch (PgKeeperException exact) {
            PgTools newer = ctx.binaries().serverOfMajor(major, ctx.cluster().binDir(), false);
            warnings.add("no PostgreSQL " + major + " server installed; the sandbox runs " + newer.version());
            return newer;
        }
    }

    String restore() {
        List<String> errors = new ArrayList<>();
        String globals = "no globals in the backup";
        try (Connection c = access.connect(MAINTENANCE_DB)) {
            if (m.globalsFile() != null) {
                globals = applyGlobals(c);
            }
            for (DatabaseEntry d : m.databases()) {
                prepareDatabase(c, d);
                ToolResult r = ctx.runner().run(restoreCall(d));
                if (!r.ok()) {
                    errors.add("database \"" + d.name() + "\": pg_restore " + (r.timedOut() ? "timed out" : "exited with " + r.exitCode())
                            + (r.stderrTail().isEmpty() ? "" : ":\n    " + String.join("\n    ", r.stderrTail())));
                }
            }
        } catch (SQLException e) {
            throw StepFailure.couldNotRun("the sandbox failed during the restore: " + e.getMessage());
        }
        if (!errors.isEmpty()) {
            throw StepFailure.provenBad("pg_restore failed for " + errors.size() + " of " + m.databases().size() + " databases:\n  "
                    + String.join("\n  ", errors));
        }
        return globals + "; restored " + m.databases().size() + " database(s): "
                + m.databases().stream().map(DatabaseEntry::name).collect(Collectors.joining(", "));
    }

    /**
     * Roles are created as the backup holds them; tablespace statements are left out, because
     * their locations are directories of the production server that a sandbox must not touch.
     */
    private String applyGlobals(Connection c) {
        Path file = backup.dir().resolve(m.globalsFile());
        String script;
        try {
            script = Files.readString(file);
        } catch (IOException e) {
            throw StepFailure.couldNotRun("cannot read " + file + ": " + e.getMessage());
        }
        List<GlobalsScript.Statement> all = GlobalsScript.parse(script);
        String withoutTablespaces = all.stream().filter(s -> s.subject() != GlobalsScript.Subject.TABLESPACE)
                .map(s -> s.sql() + ";\n").collect(Collectors.joining());
        try {
            GlobalsApplier.Outcome o = GlobalsApplier.apply(c, withoutTablespaces);
            return "globals applied (" + o.createdRoles().size() + " roles created)";
        } catch (PgKeeperException e) {
            throw StepFailure.provenBad("the backup's globals (" + m.globalsFile() + ") do not apply: " + e.getMessage());
        }
    }

    /** A fresh sandbox already has a postgres database; a restore needs it empty, as the backup's own was created. */
    private void prepareDatabase(Connection c, DatabaseEntry d) {
        try {
            if (Catalog.databaseExists(c, d.name())) {
                if (d.name().equals(MAINTENANCE_DB)) {
                    return;
                }
                try (Statement st = c.createStatement()) {
                    st.execute("DROP DATABASE " + Catalog.ident(d.name()));
                }
            }
            LogicalRestoreService.createDatabase(c, d.name(), d);
        } catch (SQLException e) {
            throw StepFailure.couldNotRun("cannot create database \"" + d.name() + "\" in the sandbox (encoding " + d.encoding() + ", collate "
                    + d.collate() + ", ctype " + d.ctype() + "): " + e.getMessage()
                    + "\nhint: the sandbox needs the backup's locales; install them on this machine (locale -a lists them)");
        }
    }

    private ToolCall restoreCall(DatabaseEntry d) {
        List<String> argv = new ArrayList<>(PgRestore.argv(clientTools, backup.dir().resolve(d.dumpPath()), d.name(),
                Math.max(1, ctx.cluster().logical().jobs())));
        // Tablespaces are production paths; without the backup's roles, owners and grants cannot be restored.
        argv.add(1, "--no-tablespaces");
        if (m.globalsFile() == null) {
            argv.add(1, "--no-owner");
            argv.add(1, "--no-privileges");
        }
        return ToolCall.of("pg_restore", argv, access.toolEnv(), ctx.cluster().timeouts().restore());
    }

    String fingerprint() {
        Optional<String> noSchemaHash = schemaHashUnusable();
        noSchemaHash.ifPresent(why -> warnings.add("schema hash not compared: " + why));
        int tables = 0;
        int sequences = 0;
        List<String> unrecorded = new ArrayList<>();
        for (DatabaseEntry d : m.databases()) {
            if (d.fingerprint() == null) {
                unrecorded.add(d.name());
                continue;
            }
            RestoredDatabase restored = read(d.name(), noSchemaHash.isEmpty());
            mismatches.addAll(FingerprintComparison.compare(d.fingerprint(), restored, ctx.cluster().verify().rowCountTolerance()));
            tables += d.fingerprint().tables().size();
            sequences += d.fingerprint().sequences().size();
        }
        if (!unrecorded.isEmpty()) {
            warnings.add("no fingerprint recorded for: " + String.join(", ", unrecorded));
        }
        failOnMismatches();
        return (noSchemaHash.isEmpty() ? "schema hashes, " : "") + tables + " table(s) and " + sequences + " sequence(s) match what the backup recorded";
    }

    /**
     * pg_dump's schema text changes between majors (of the tool and of the server that renders
     * definitions), and without the roles owners and grants are not restored: a different hash
     * then proves nothing.
     */
    private Optional<String> schemaHashUnusable() {
        if (m.globalsFile() == null) {
            return Optional.of("the backup holds no globals, so owners and privileges were not restored");
        }
        int backupMajor = SandboxVerification.majorOf(m.serverVersion());
        if (server.tools().major() != backupMajor) {
            return Optional.of("the sandbox runs PostgreSQL " + server.tools().major() + ", the backup came from " + backupMajor);
        }
        String recorded = m.versions() == null ? null : m.versions().tools().get("pg_dump");
        if (recorded == null) {
            return Optional.of("the manifest does not record pg_dump's version");
        }
        int dumpMajor = SandboxVerification.majorOf(recorded);
        if (clientTools.major() != dumpMajor) {
            return Optional.of("the backup was dumped with pg_dump " + recorded + ", this machine has " + clientTools.version());
        }
        return Optional.empty();
    }

    private RestoredDatabase read(String db, boolean withSchemaHash) {
        return RestoredReader.read(ctx, access, clientTools, db, withSchemaHash);
    }

    String checks() {
        return runChecks(access, new LinkedHashSet<>(m.databases().stream().map(DatabaseEntry::name).toList()));
    }

    @Override
    KeptSandbox keep() {
        return new KeptSandbox(sandbox.dir().toString(), server.dataDir().toString(), server.port(), server.osUser().orElse(null),
                server.psqlCommand(m.databases().isEmpty() ? "postgres" : m.databases().get(0).name()), stopCommand());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
