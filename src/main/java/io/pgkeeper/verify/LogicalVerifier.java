package io.pgkeeper.verify;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.Manifest;
import java.nio.file.Files;
import java.time.Instant;

/**
 * Verifies a logical backup: integrity, sandbox, restore, fingerprint, checks, in that order,
 * stopping at the first step that fails; the sandbox is removed afterwards whatever happened,
 * unless the request keeps it.
 */
public final class LogicalVerifier implements BackupVerifier {
    private final RunContext ctx;

    public LogicalVerifier(RunContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public BackupKind kind() {
        return BackupKind.LOGICAL;
    }

    @Override
    public VerifyReport verify(Backup backup, VerifyRequest request) {
        Manifest m = backup.manifest();
        Instant started = ctx.clock().instant();
        long t0 = System.nanoTime();
        StepRecorder steps = new StepRecorder(ctx.clock(), m.id(), () -> Files.isRegularFile(backup.dir().resolve(Manifest.FILE_NAME)));
        LogicalVerification run = new LogicalVerification(ctx, backup);
        KeptSandbox kept = null;
        try {
            steps.run("integrity", run::integrity);
            steps.run("sandbox", run::sandbox);
            steps.run("restore", run::restore);
            steps.run("fingerprint", run::fingerprint);
            steps.run("checks", run::checks);
        } finally {
            if (request.keepSandbox() && run.running()) {
                kept = run.keep();
            } else {
                run.removeSandbox();
            }
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        int code = steps.exitCode();
        return new VerifyReport(m.id(), m.cluster() == null ? ctx.cluster().name() : m.cluster(), BackupKind.LOGICAL, started, ms, code == 0, code,
                summary(steps, run), steps.steps(), run.checkResults(), run.mismatches(), run.warnings(), kept);
    }

    private static String summary(StepRecorder steps, LogicalVerification run) {
        if (steps.exitCode() == 0) {
            return "passed: " + steps.steps().size() + " steps and " + run.checkResults().size() + " checks";
        }
        String first = steps.failure().lines().findFirst().orElse("").replaceAll(":$", "");
        return (steps.exitCode() == 3 ? "backup is bad: " : "verify could not run: ") + first;
    }

    static int majorOf(String serverVersion) {
        try {
            return Integer.parseInt(serverVersion.strip().split("[.\\s]")[0]);
        } catch (RuntimeException e) {
            throw PgKeeperException.failed("the manifest's server version '" + serverVersion + "' has no major version",
                    "the manifest is damaged; verify another backup");
        }
    }
}
