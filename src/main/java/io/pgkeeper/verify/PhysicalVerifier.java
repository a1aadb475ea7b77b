package io.pgkeeper.verify;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.Manifest;
import java.nio.file.Files;
import java.time.Instant;

/**
 * Verifies a pg_basebackup backup: checksums and archive continuity, extraction and
 * pg_verifybackup, a private server that recovers, then fingerprint and checks. The sandbox is
 * removed afterwards whatever happened, unless the request keeps it.
 */
public final class PhysicalVerifier implements BackupVerifier {
    private final RunContext ctx;

    public PhysicalVerifier(RunContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public BackupKind kind() {
        return BackupKind.PHYSICAL;
    }

    @Override
    public VerifyReport verify(Backup backup, VerifyRequest request) {
        Manifest m = backup.manifest();
        Instant started = ctx.clock().instant();
        long t0 = System.nanoTime();
        StepRecorder steps = new StepRecorder(ctx.clock(), m.id(), () -> Files.isRegularFile(backup.dir().resolve(Manifest.FILE_NAME)));
        PhysicalVerification run = new PhysicalVerification(ctx, backup, request.target());
        KeptSandbox kept = null;
        try {
            steps.run("integrity", run::integrity);
            steps.run("sandbox", run::sandbox);
            steps.run("start", run::start);
            steps.run("recovery", run::recovery);
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
        String summary = code == 0 ? "passed: " + steps.steps().size() + " steps and " + run.checkResults().size() + " checks"
                : (code == 3 ? "backup is bad: " : "verify could not run: ") + steps.failure().lines().findFirst().orElse("").replaceAll(":$", "");
        return new VerifyReport(m.id(), m.cluster() == null ? ctx.cluster().name() : m.cluster(), BackupKind.PHYSICAL, started, ms, code == 0, code,
                summary, steps.steps(), run.checkResults(), run.mismatches(), run.warnings(), kept);
    }
}
