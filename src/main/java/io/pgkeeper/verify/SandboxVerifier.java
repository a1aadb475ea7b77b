package io.pgkeeper.verify;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.LocalCopies;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.Manifest;
import java.nio.file.Files;
import java.time.Instant;
import java.util.function.BiFunction;

/**
 * The one verify pipeline: proves a backup by restoring it into a sandbox, running the steps of
 * its {@link SandboxVerification} in order, stopping at the first that fails, and removing the
 * sandbox afterwards whatever happened, unless the request keeps it. Backups of pgkeeper's
 * repository come in as {@link Backup}s; an engine's own as {@link VerifySubject}s.
 */
final class SandboxVerifier implements BackupVerifier {
    private final RunContext ctx;
    private final BackupKind kind;
    private final BiFunction<Backup, VerifyRequest, SandboxVerification> runs;

    SandboxVerifier(RunContext ctx, BackupKind kind, BiFunction<Backup, VerifyRequest, SandboxVerification> runs) {
        this.ctx = ctx;
        this.kind = kind;
        this.runs = runs;
    }

    @Override
    public BackupKind kind() {
        return kind;
    }

    @Override
    public VerifyReport verify(Backup backup, VerifyRequest request) {
        Manifest m = backup.manifest();
        // the steps read a local copy (in place on POSIX); whether prune took the backup meanwhile is asked of the repository
        try (LocalCopies copies = new LocalCopies(ctx.repository())) {
            Backup local = copies.of(backup);
            return run(ctx, new VerifySubject(m.id(), m.cluster() == null ? ctx.cluster().name() : m.cluster(), kind,
                    () -> copies.stillStored(backup), runs.apply(local, request)), request);
        }
    }

    static VerifyReport run(RunContext ctx, VerifySubject subject, VerifyRequest request) {
        Instant started = ctx.clock().instant();
        long t0 = System.nanoTime();
        StepRecorder steps = new StepRecorder(ctx.clock(), subject.id(), subject.stillThere());
        SandboxVerification run = subject.run();
        KeptSandbox kept = null;
        try {
            run.run(steps);
        } finally {
            if (request.keepSandbox() && run.running()) {
                kept = run.kept();
            } else {
                run.removeSandbox();
            }
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        int code = steps.exitCode();
        String summary = code == 0 ? "passed: " + steps.steps().size() + " steps and " + run.checkResults().size() + " checks"
                : (code == 3 ? "backup is bad: " : "verify could not run: ") + steps.failure().lines().findFirst().orElse("").replaceAll(":$", "");
        return new VerifyReport(subject.id(), subject.cluster(), subject.kind(), started, ms, code == 0, code,
                summary, steps.steps(), run.checkResults(), run.mismatches(), run.warnings(), kept);
    }
}
