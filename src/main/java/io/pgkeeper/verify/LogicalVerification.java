package io.pgkeeper.verify;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.LocalServer;
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
 * The steps of one logical verify run. Each returns what it proved and the {@link Started}
 * sandbox the next one works in, or throws a {@link StepFailure}; the pipeline times them and
 * stops at the first failure.
 */
final class LogicalVerification extends SandboxVerification {
    private static final Logger log = LoggerFactory.getLogger(LogicalVerification.class);
    private static final Duration SERVER_TIMEOUT = Duration.ofMinutes(5);

    private final Backup backup;
    private final Manifest m;

    LogicalVerification(RunContext ctx, Backup backup) {
        super(ctx, backup.manifest().startedAt());
        this.backup = backup;
        this.m = backup.manifest();
    }

    /** The running sandbox the steps after "sandbox" work in. */
    record Started(LocalServer server, PgAccess access, PgTools clientTools) {}

    @Override
    protected void run(Pipeline p) {
        p.step("integrity", this::integrity).flatMap(x -> p.step("sandbox", this::sandbox))
                .flatMap(s -> p.step("restore", () -> restore(s))).flatMap(s -> p.step("fingerprint", () -> fingerprint(s)))
                .flatMap(s -> p.step("checks", () -> checks(s)));
    }

    Proved<Proved.Nothing> integrity() {
        if (m.files().isEmpty()) {
            throw StepFailure.provenBad("the manifest of backup " + m.id() + " lists no files");
        }
        List<Integrity.Mismatch> bad = Integrity.check(backup.dir(), m.files());
        if (!bad.isEmpty()) {
            throw StepFailure.provenBad(bad.size() + " of " + m.files().size() + " files do not match the manifest:\n  "
                    + bad.stream().map(Integrity.Mismatch::describe).collect(Collectors.joining("\n  ")));
        }
        return Proved.that(m.files().size() + " files match their sha256 in the manifest");
    }

    Proved<Started> sandbox() {
        int major = SandboxVerification.majorOf(m.serverVersion());
        PgTools serverTools = serverTools(major);
        Sandbox sandbox = own(Sandbox.create(ctx.cluster().verify().sandbox(), m.id()));
        Duration timeout = min(SERVER_TIMEOUT, ctx.cluster().timeouts().verify());
        LocalServer server = sandbox.start(ctx.runner(), serverTools, ctx.os().runAs(ctx.cluster().verify().sandbox().osUser()), timeout);
        PgTools clientTools = ctx.binaries().forServer(serverTools.major(), ctx.cluster().binDir(), "pg_restore");
        return Proved.that("PostgreSQL " + serverTools.version() + " (backup from " + m.serverVersion() + ") in " + sandbox.dir() + ", port "
                + server.port() + server.osUser().map(u -> ", running as OS user " + u).orElse(""), new Started(server, server.access(),
                clientTools));
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

    Proved<Started> restore(Started s) {
        return Proved.that(new LogicalSandboxRestore(ctx, backup, s.access(), s.clientTools(), warnings).run(), s);
    }

    Proved<Started> fingerprint(Started s) {
        Optional<String> noSchema = schemaUncomparable(s);
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
            RestoredDatabase restored = RestoredReader.read(ctx, s.access(), s.clientTools(), d.name(), noSchema.isEmpty() && !byObject);
            mismatches.addAll(FingerprintComparison.compare(d.fingerprint(), restored, ctx.cluster().verify().rowCountTolerance()));
            if (noSchema.isEmpty() && byObject) {
                compareSchema(s, d);
            }
            tables += d.fingerprint().tables().size();
            uncompared += FingerprintComparison.withoutUsableEstimate(d.fingerprint());
            sequences += d.fingerprint().sequences().size();
        }
        if (!unrecorded.isEmpty()) {
            warnings.add("no fingerprint recorded for: " + String.join(", ", unrecorded));
        }
        failOnMismatches();
        return Proved.that((noSchema.isEmpty() ? "schemas, " : "") + tables + " table(s) and " + sequences + " sequence(s) match what the backup"
                + " recorded" + (uncompared == 0 ? "" : "; the row counts of " + uncompared + " table(s) were not compared: their statistics"
                        + " give no dated estimate (never analysed or vacuumed since the statistics were reset)"), s);
    }

    /** Object by object against the backup's own schema dump; known pg_dump effects become warnings. */
    private void compareSchema(Started s, DatabaseEntry d) {
        String recorded;
        try {
            recorded = Files.readString(backup.dir().resolve(d.fingerprint().schemaFile()));
        } catch (IOException e) {
            throw StepFailure.couldNotRun("cannot read " + d.fingerprint().schemaFile() + " of backup " + m.id() + ": " + e.getMessage());
        }
        String restored = RestoredReader.schemaText(ctx, s.access(), s.clientTools(), d.name());
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
    private Optional<String> schemaUncomparable(Started s) {
        int backupMajor = SandboxVerification.majorOf(m.serverVersion());
        if (s.server().tools().major() != backupMajor) {
            return Optional.of("the sandbox runs PostgreSQL " + s.server().tools().major() + ", the backup came from " + backupMajor);
        }
        String recorded = m.versions() == null ? null : m.versions().tools().get("pg_dump");
        if (recorded == null) {
            return Optional.of("the manifest does not record pg_dump's version");
        }
        int dumpMajor = SandboxVerification.majorOf(recorded);
        if (s.clientTools().major() != dumpMajor) {
            return Optional.of("the backup was dumped with pg_dump " + recorded + ", this machine has " + s.clientTools().version());
        }
        boolean hashOnly = m.databases().stream().anyMatch(d -> d.fingerprint() != null && d.fingerprint().schemaFile() == null);
        if (hashOnly && m.globalsFile() == null) {
            return Optional.of("the backup holds no globals, so owners and privileges were not restored");
        }
        return Optional.empty();
    }

    Proved<Proved.Nothing> checks(Started s) {
        return Proved.that(runChecks(s.access(), new LinkedHashSet<>(m.databases().stream().map(DatabaseEntry::name).toList())));
    }

    @Override
    protected KeptSandbox keep(Sandbox sandbox, LocalServer server) {
        return new KeptSandbox(sandbox.dir().toString(), server.dataDir().toString(), server.port(), server.osUser().orElse(null),
                server.psqlCommand(m.databases().isEmpty() ? "postgres" : m.databases().get(0).name()), stopCommand(sandbox, server));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
