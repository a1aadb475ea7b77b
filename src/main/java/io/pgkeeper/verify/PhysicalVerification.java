package io.pgkeeper.verify;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.recovery.RecoveryGoal;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.DatabaseEntry;
import io.pgkeeper.repository.Manifest;
import io.pgkeeper.restore.RecoveredSandbox;
import io.pgkeeper.restore.RecoveryTarget;
import io.pgkeeper.restore.Sandbox;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The state and steps of one physical verify: the base backup is recovered in a
 * {@link RecoveredSandbox} (every tablespace inside it, checked by pg_verifybackup, to consistency
 * or to a target through WAL copied out of the archive, under the one recovery wait), then
 * compared and checked.
 */
final class PhysicalVerification extends SandboxVerification {
    private final RecoveryTarget target;
    private RecoveredSandbox recovered;
    private PgAccess access;
    private PgTools tools;

    private final Backup backup;
    private final Manifest m;

    PhysicalVerification(RunContext ctx, Backup backup, RecoveryTarget target) {
        super(ctx, backup.manifest().startedAt());
        this.backup = backup;
        this.m = backup.manifest();
        this.target = target;
    }

    @Override
    protected List<Step> steps() {
        return List.of(new Step("integrity", () -> PhysicalIntegrity.check(ctx, backup, target, warnings)), new Step("sandbox", this::sandbox),
                new Step("start", this::start), new Step("recovery", this::recovery), new Step("fingerprint", this::fingerprint),
                new Step("checks", this::checks));
    }

    /** Lays the base backup out in a private directory, its tablespaces beside it, and runs pg_verifybackup on it. */
    String sandbox() {
        recovered = RecoveredSandbox.create(ctx, backup, Sandbox.VERIFY, ctx.cluster().timeouts().verify());
        sandbox = recovered.sandbox();
        tools = recovered.tools();
        return evidence(recovered::layOut);
    }

    /** Configures the copy as a private server and starts it; the recovery step waits for it. */
    String start() {
        String started = evidence(() -> recovered.launch(target));
        server = recovered.server();
        access = recovered.access();
        return started;
    }

    /** Damage the shared sandbox found in the backup's own files proves it bad; anything else means verify could not run. */
    private static String evidence(Supplier<String> step) {
        try {
            return step.get();
        } catch (PgKeeperException e) {
            if (e.exitCode() == ExitCode.VERIFICATION_FAILED) {
                throw StepFailure.provenBad(e.getMessage());
            }
            throw e;
        }
    }

    private String superuser() {
        return recovered.superuser();
    }

    /** The one recovery wait; its outcome is judged by {@link Verdicts}. */
    String recovery() {
        var o = awaitRecovery(server, superuser(), RecoveryGoal.PROMOTE, "the verify sandbox of backup " + m.id());
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
            skipped += compareFingerprint(access, client, d);
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
    protected KeptSandbox keep() {
        return new KeptSandbox(sandbox.dir().toString(), server.dataDir().toString(), server.port(), server.osUser().orElse(null),
                tools.bin("psql") + " -h " + sandbox.dir() + " -p " + server.port() + " -U " + superuser() + " -d postgres", stopCommand());
    }
}
