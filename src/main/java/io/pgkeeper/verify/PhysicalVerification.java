package io.pgkeeper.verify;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.LocalServer;
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
 * compared and checked. Each step hands the next the {@link RecoveredSandbox} it works in, or,
 * once it runs, the {@link Running} server.
 */
final class PhysicalVerification extends SandboxVerification {
    private final RecoveryTarget target;
    private final Backup backup;
    private final Manifest m;

    PhysicalVerification(RunContext ctx, Backup backup, RecoveryTarget target) {
        super(ctx, backup.manifest().startedAt());
        this.backup = backup;
        this.m = backup.manifest();
        this.target = target;
    }

    /** The copy once its server was started: what recovery waits for and the checks read. */
    record Running(RecoveredSandbox recovered, LocalServer server, PgAccess access) {}

    @Override
    protected void run(Pipeline p) {
        p.step("integrity", () -> Proved.that(PhysicalIntegrity.check(ctx, backup, target, warnings)))
                .flatMap(x -> p.step("sandbox", this::sandbox)).flatMap(r -> p.step("start", () -> start(r)))
                .flatMap(r -> p.step("recovery", () -> recovery(r))).flatMap(r -> p.step("fingerprint", () -> fingerprint(r)))
                .flatMap(r -> p.step("checks", () -> checks(r)));
    }

    /** Lays the base backup out in a private directory, its tablespaces beside it, and runs pg_verifybackup on it. */
    Proved<RecoveredSandbox> sandbox() {
        RecoveredSandbox recovered = RecoveredSandbox.create(ctx, backup, Sandbox.VERIFY, ctx.cluster().timeouts().verify());
        own(recovered.sandbox());
        return Proved.that(evidence(recovered::layOut), recovered);
    }

    /** Configures the copy as a private server and starts it; the recovery step waits for it. */
    Proved<Running> start(RecoveredSandbox recovered) {
        String started = evidence(() -> recovered.launch(target));
        return Proved.that(started, new Running(recovered, recovered.server(), recovered.access()));
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

    /** The role verify logs in as; trusted in the sandbox. */
    private String superuser() {
        return ctx.cluster().connection().user().orElse(LocalServer.SUPERUSER);
    }

    /** The one recovery wait; its outcome is judged by {@link Verdicts}. */
    Proved<Running> recovery(Running r) {
        var o = awaitRecovery(r.server(), r.recovered().superuser(), RecoveryGoal.PROMOTE, "the verify sandbox of backup " + m.id());
        return Proved.that("recovered " + (target.isSet() ? "to the target" : "to consistency") + (o.lsn() == null ? "" : " at " + o.lsn())
                + (o.lastTransaction() == null ? "" : ", last transaction " + o.lastTransaction()), r);
    }

    /** Row estimates and schema hash recorded at backup time; only meaningful for recovery to the backup's end. */
    Proved<Running> fingerprint(Running r) {
        if (target.isSet()) {
            warnings.add("fingerprint not compared: recovery went past the backup's end to a target");
            return Proved.that("skipped: a recovery target was given", r);
        }
        List<DatabaseEntry> recorded = m.databases().stream().filter(d -> d.fingerprint() != null).toList();
        if (recorded.isEmpty()) {
            warnings.add("the backup recorded no fingerprint");
            return Proved.that("skipped: nothing recorded", r);
        }
        PgTools client = ctx.binaries().forServer(r.recovered().tools().major(), ctx.cluster().binDir(), "pg_dump");
        int skipped = 0;
        for (DatabaseEntry d : recorded) {
            skipped += compareFingerprint(r.access(), client, d);
        }
        failOnMismatches();
        return Proved.that(recorded.size() + " database(s) match the schema hashes and row estimates recorded at backup time"
                + (skipped == 0 ? "" : "; " + skipped + " unlogged relation(s) not compared (recovery empties them by design)"), r);
    }

    Proved<Proved.Nothing> checks(Running r) {
        Set<String> dbs = new LinkedHashSet<>();
        try (Connection c = r.access().connect("postgres"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT datname FROM pg_database WHERE datallowconn")) {
            while (rs.next()) {
                dbs.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw StepFailure.couldNotRun("cannot list the recovered databases: " + e.getMessage());
        }
        return Proved.that(runChecks(r.access(), dbs));
    }

    @Override
    protected KeptSandbox keep(Sandbox sandbox, LocalServer server) {
        return new KeptSandbox(sandbox.dir().toString(), server.dataDir().toString(), server.port(), server.osUser().orElse(null),
                server.tools().bin("psql") + " -h " + sandbox.dir() + " -p " + server.port() + " -U " + superuser() + " -d postgres",
                stopCommand(sandbox, server));
    }
}
