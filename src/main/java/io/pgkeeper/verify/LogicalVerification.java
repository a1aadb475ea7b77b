package io.pgkeeper.verify;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.schema.SchemaComparison;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.DatabaseEntry;
import io.pgkeeper.repository.Integrity;
import io.pgkeeper.repository.Manifest;
import io.pgkeeper.restore.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
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
    private static final Duration SERVER_TIMEOUT = Duration.ofMinutes(5);

    private PgAccess access;
    private PgTools clientTools;

    private final Backup backup;
    private final Manifest m;

    LogicalVerification(RunContext ctx, Backup backup) {
        super(ctx, backup.manifest().startedAt());
        this.backup = backup;
        this.m = backup.manifest();
    }

    @Override
    protected List<Step> steps() {
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
        return new LogicalSandboxRestore(ctx, backup, access, clientTools, warnings).run();
    }

    String fingerprint() {
        Optional<String> noSchema = schemaUncomparable();
        noSchema.ifPresent(why -> warnings.add("schema not compared: " + why));
        int tables = 0;
        int sequences = 0;
        long uncompared = 0;
        List<String> unrecorded = new ArrayList<>();
        for (DatabaseEntry d : m.databases()) {
            if (d.fingerprint() == null) {
                unrecorded.add(d.name());
                continue;
            }
            boolean byObject = d.fingerprint().schemaFile() != null;
            RestoredDatabase restored = read(d.name(), noSchema.isEmpty() && !byObject);
            mismatches.addAll(FingerprintComparison.compare(d.fingerprint(), restored, ctx.cluster().verify().rowCountTolerance()));
            if (noSchema.isEmpty() && byObject) {
                compareSchema(d);
            }
            tables += d.fingerprint().tables().size();
            uncompared += FingerprintComparison.withoutUsableEstimate(d.fingerprint());
            sequences += d.fingerprint().sequences().size();
        }
        if (!unrecorded.isEmpty()) {
            warnings.add("no fingerprint recorded for: " + String.join(", ", unrecorded));
        }
        failOnMismatches();
        return (noSchema.isEmpty() ? "schemas, " : "") + tables + " table(s) and " + sequences + " sequence(s) match what the backup recorded"
                + (uncompared == 0 ? "" : "; the row counts of " + uncompared + " table(s) were not compared: their statistics"
                        + " give no dated estimate (never analysed or vacuumed since the statistics were reset)");
    }

    /** Object by object against the backup's own schema dump; known pg_dump effects become warnings. */
    private void compareSchema(DatabaseEntry d) {
        String recorded;
        try {
            recorded = Files.readString(backup.dir().resolve(d.fingerprint().schemaFile()));
        } catch (IOException e) {
            throw StepFailure.couldNotRun("cannot read " + d.fingerprint().schemaFile() + " of backup " + m.id() + ": " + e.getMessage());
        }
        String restored = RestoredReader.schemaText(ctx, access, clientTools, d.name());
        // the sandbox has no tablespaces; without the backup's globals it has no owners or grants either
        SchemaComparison.Options options = new SchemaComparison.Options(true, m.globalsFile() == null);
        SchemaComparison.Result r = SchemaComparison.compare(recorded, restored, options);
        mismatches.addAll(FingerprintComparison.schema(d.name(), r));
        r.known().forEach(k -> warnings.add("database \"" + d.name() + "\": " + k.describe()));
    }

    /**
     * pg_dump's schema text changes between majors (of the tool and of the server that renders
     * definitions): a difference then proves nothing. A backup from before the schema file was
     * kept has only a hash, which without the roles (owners and privileges) proves nothing either.
     */
    private Optional<String> schemaUncomparable() {
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
        boolean hashOnly = m.databases().stream().anyMatch(d -> d.fingerprint() != null && d.fingerprint().schemaFile() == null);
        if (hashOnly && m.globalsFile() == null) {
            return Optional.of("the backup holds no globals, so owners and privileges were not restored");
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
    protected KeptSandbox keep() {
        return new KeptSandbox(sandbox.dir().toString(), server.dataDir().toString(), server.port(), server.osUser().orElse(null),
                server.psqlCommand(m.databases().isEmpty() ? "postgres" : m.databases().get(0).name()), stopCommand());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
