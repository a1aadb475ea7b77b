package io.pgkeeper.verify;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.policy.CheckPolicy;
import io.pgkeeper.postgres.LocalServer;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.recovery.RecoveryGoal;
import io.pgkeeper.recovery.RecoveryOutcome;
import io.pgkeeper.repository.DatabaseEntry;
import io.pgkeeper.restore.Sandbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every verify run that restores into a throwaway server shares: the sandbox's lifecycle,
 * the fingerprint comparison, the policy's checks, and the findings the report is made of.
 * Subclasses restore their kind of backup (the engines' physical ones included, engine/pgbackrest)
 * as steps of the one {@link Pipeline}, which {@link SandboxVerifier} runs; each step hands its
 * state to the next in a record, never in a field. The sandbox alone is held here, as soon as
 * a step makes it: the pipeline removes it afterwards, whatever happened, or keeps it running.
 */
public abstract class SandboxVerification {
    private static final Logger log = LoggerFactory.getLogger(SandboxVerification.class);

    protected final RunContext ctx;
    /** When the backup started: checks read "since the backup" from it. */
    private final Instant backupStartedAt;
    protected final List<CheckResult> checkResults = new ArrayList<>();
    protected final List<FingerprintMismatch> mismatches = new ArrayList<>();
    protected final List<String> warnings = new ArrayList<>();
    private Sandbox sandbox;

    protected SandboxVerification(RunContext ctx, Instant backupStartedAt) {
        this.ctx = ctx;
        this.backupStartedAt = backupStartedAt;
    }

    /** The steps in order, each through the pipeline, which stops at the first that fails. */
    protected abstract void run(Pipeline pipeline);

    /** How a person connects to the kept sandbox, whose server runs, and removes it. */
    protected abstract KeptSandbox keep(Sandbox sandbox, LocalServer server);

    /** The sandbox a step just made: from now on the pipeline removes it (or keeps it, with --keep-sandbox). */
    protected <S extends Sandbox> S own(S made) {
        this.sandbox = made;
        return made;
    }

    /**
     * The one recovery wait on a sandbox server, with the policy's verify timeout; {@link Verdicts}
     * decides what a failure means.
     */
    protected RecoveryOutcome awaitRecovery(LocalServer server, String superuser, RecoveryGoal goal, String what) {
        return SandboxRecovery.await(ctx, server, superuser, goal, what);
    }

    /**
     * The schema hash and row estimates a physical backup recorded for one database, against the
     * recovered copy; mismatches are collected, unlogged relations (emptied by recovery) skipped.
     *
     * @return how many relations were not compared because they are unlogged
     */
    protected int compareFingerprint(PgAccess access, PgTools client, DatabaseEntry recorded) {
        RestoredDatabase restored = RestoredReader.read(ctx, access, client, recorded.name(), recorded.fingerprint().schemaHash() != null);
        UnloggedFilter.Compared c = UnloggedFilter.compare(access, recorded, restored, ctx.cluster().verify().rowCountTolerance(), warnings);
        mismatches.addAll(c.mismatches());
        return c.skipped();
    }

    /** The policy's checks against the sandbox; each failure states the value seen and the expectation missed. */
    protected String runChecks(PgAccess access, Set<String> databases) {
        List<CheckPolicy> checks = ctx.cluster().verify().checks();
        if (checks.isEmpty()) {
            return "no checks in the policy (clusters." + ctx.cluster().name() + ".verify.checks)";
        }
        CheckRunner runner = new CheckRunner(access, databases, backupStartedAt, ctx.cluster().timeouts().verify());
        for (CheckPolicy check : checks) {
            CheckResult r = runner.run(check);
            log.info("{}", r.message());
            checkResults.add(r);
        }
        List<CheckResult> failed = checkResults.stream().filter(r -> !r.ok()).toList();
        if (!failed.isEmpty()) {
            throw StepFailure.provenBad(failed.size() + " of " + checks.size() + " checks failed:\n  "
                    + failed.stream().map(CheckResult::message).collect(Collectors.joining("\n  ")));
        }
        return checks.size() + " check(s) passed";
    }

    /** Reports every mismatch found, naming the table. */
    protected void failOnMismatches() {
        if (!mismatches.isEmpty()) {
            throw StepFailure.provenBad(mismatches.size() + " difference(s) from what the backup recorded:\n  "
                    + mismatches.stream().map(FingerprintMismatch::message).collect(Collectors.joining("\n  ")));
        }
    }

    boolean running() {
        return sandbox != null && sandbox.server().map(LocalServer::running).orElse(false);
    }

    /** The kept sandbox, once {@link #running}. */
    KeptSandbox kept() {
        return keep(sandbox, sandbox.server().orElseThrow());
    }

    /** The pg_ctl line that stops the kept sandbox, and the rm that removes it. */
    protected static String stopCommand(Sandbox sandbox, LocalServer server) {
        String runAs = server.osUser().map(u -> "runuser -u " + u + " -- ").orElse("");
        return runAs + server.tools().bin("pg_ctl") + " --pgdata=" + server.dataDir() + " --mode=fast stop && rm -rf " + sandbox.dir();
    }

    /** Never throws: a failure to clean up is reported, and must not hide the verdict on the backup. */
    void removeSandbox() {
        if (sandbox == null) {
            return;
        }
        try {
            sandbox.close();
        } catch (RuntimeException e) {
            log.warn("could not remove the sandbox {}: {}", sandbox.dir(), e.getMessage());
            warnings.add("could not remove the sandbox " + sandbox.dir() + ": " + e.getMessage() + "; remove it by hand");
        }
    }

    List<CheckResult> checkResults() {
        return List.copyOf(checkResults);
    }

    List<FingerprintMismatch> mismatches() {
        return List.copyOf(mismatches);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    public static int majorOf(String serverVersion) {
        try {
            return Integer.parseInt(serverVersion.strip().split("[.\\s]")[0]);
        } catch (RuntimeException e) {
            throw PgKeeperException.failed("the manifest's server version '" + serverVersion + "' has no major version",
                    "the manifest is damaged; verify another backup");
        }
    }
}
