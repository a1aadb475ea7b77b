package io.pgkeeper.verify;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.LocalBackup;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.repository.VerifyLog;
import io.pgkeeper.repository.VerifyRecord;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pgkeeper verify}: picks the backups to prove, hands each to the verifier of its kind,
 * and appends each outcome to the cluster's verify.log. It only reads the repository, so it
 * takes no lock and never blocks a dump; a backup pruned underneath it is reported as such
 * (exit 1), never as a bad backup.
 */
public final class VerifyService {
    private static final Logger log = LoggerFactory.getLogger(VerifyService.class);

    private final RunContext ctx;
    private final Optional<ExternalBackups> external;
    private final Map<BackupKind, BackupVerifier> verifiers = new EnumMap<>(BackupKind.class);

    /** Every backup in pgkeeper's repository. */
    public VerifyService(RunContext ctx) {
        this(ctx, Optional.empty());
    }

    /** @param external the physical backups an engine keeps outside pgkeeper's repository */
    public VerifyService(RunContext ctx, Optional<ExternalBackups> external) {
        this.ctx = ctx;
        this.external = external;
        register(new SandboxVerifier(ctx, BackupKind.LOGICAL, (b, r) -> new LogicalVerification(ctx, b)));
        register(new SandboxVerifier(ctx, BackupKind.PHYSICAL, (b, r) -> new PhysicalVerification(ctx, b, r.target())));
    }

    private void register(BackupVerifier v) {
        verifiers.put(v.kind(), v);
    }

    public VerifyOutcome verify(VerifyRequest request) {
        if (ctx.dryRun()) {
            throw PgKeeperException.usage("verify has no dry run: it changes nothing but its own throwaway sandbox",
                    "run it without --dry-run");
        }
        List<VerifyReport> reports = new ArrayList<>();
        if (external.isPresent() && external.get().claims(request)) {
            VerifyReport r = SandboxVerifier.run(ctx, external.get().find(request), request);
            record(r);
            reports.add(r);
            // the engine holds this cluster's physical backups; logical ones are still verified with 'latest'.
            if (request.kind().isPresent() || !request.backupId().equals("latest")
                    || ctx.repository().completed(ctx.cluster().name(), Optional.of(BackupKind.LOGICAL)).isEmpty()) {
                return new VerifyOutcome(reports);
            }
            request = new VerifyRequest(request.backupId(), Optional.of(BackupKind.LOGICAL), request.keepSandbox());
        }
        for (Backup b : targets(request)) {
            log.info("verifying {} backup {} of cluster {}", b.manifest().kind().dirName(), b.id(), ctx.cluster().name());
            BackupVerifier v = verifiers.get(b.manifest().kind());
            VerifyReport r;
            if (v == null) {
                r = unsupported(b);
            } else {
                // an encrypted backup is decrypted (and checked) first, into the state directory
                try (LocalBackup local = ctx.repository().local(b)) {
                    r = v.verify(local.backup(), request);
                }
            }
            record(r);
            reports.add(r);
        }
        return new VerifyOutcome(reports);
    }

    private List<Backup> targets(VerifyRequest request) {
        Repository repo = ctx.repository();
        String cluster = ctx.cluster().name();
        repo.requireRoot("there is no backup of cluster " + cluster + " to verify");
        if (request.kind().isPresent()) {
            BackupKind kind = request.kind().get();
            if (repo.completed(cluster, Optional.of(kind)).isEmpty()) {
                throw PgKeeperException.usage("no " + kind.dirName() + " backup exists for cluster " + cluster + " in " + repo.root()
                        + "; there is nothing to verify", kind == BackupKind.PHYSICAL
                        ? "take one first with 'pgkeeper basebackup'"
                        : "take one first with 'pgkeeper dump'");
            }
            return List.of(repo.find(cluster, request.backupId(), request.kind()));
        }
        if (!request.backupId().equals("latest")) {
            return List.of(repo.find(cluster, request.backupId(), Optional.empty()));
        }
        List<Backup> out = new ArrayList<>();
        for (BackupKind kind : BackupKind.values()) {
            if (!repo.completed(cluster, Optional.of(kind)).isEmpty()) {
                out.add(repo.find(cluster, "latest", Optional.of(kind)));
            }
        }
        if (out.isEmpty()) {
            return List.of(repo.find(cluster, "latest", Optional.empty()));
        }
        return out;
    }

    private VerifyReport unsupported(Backup b) {
        Instant now = ctx.clock().instant();
        String msg = "verify of " + b.manifest().kind().dirName() + " backups is not supported yet";
        StepResult step = new StepResult("sandbox", false, now, 0, msg, ExitCode.FAILED.code());
        return new VerifyReport(b.id(), ctx.cluster().name(), b.manifest().kind(), now, 0, false, ExitCode.FAILED.code(),
                "verify could not run: " + msg, List.of(step), List.of(), List.of(), List.of(), null);
    }

    /** The log is a convenience for 'list'; a read-only repository must not turn a verdict into an error. */
    private void record(VerifyReport r) {
        try {
            new VerifyLog(ctx.repository(), ctx.cluster().name()).append(new VerifyRecord(r.backupId(), r.kind(), r.startedAt(), r.ok(), r.summary(),
                    r.ok() ? VerifyRecord.PASSED : r.exitCode() == ExitCode.VERIFICATION_FAILED.code() ? VerifyRecord.FAILED : VerifyRecord.ERROR));
        } catch (UncheckedIOException e) {
            log.warn("could not append to the verify log of cluster {}: {}", ctx.cluster().name(), e.getCause().getMessage());
        }
    }
}
