package io.pgkeeper.cli;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.repository.Manifest;
import io.pgkeeper.retention.PruneRequest;
import io.pgkeeper.retention.PruneResult;
import io.pgkeeper.retention.PruneService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The result of {@code dump} and {@code basebackup}, with or without {@code --prune}. */
final class BackupResults {
    private BackupResults() {}

    /** A new backup: its id for people, its manifest in the JSON result for scripts; exit 0. */
    static Result newBackup(RunContext ctx, Manifest m) {
        return Result.run(ExitCode.OK.code(), m, out -> {
            id(out, ctx, m);
            warnings(out, m);
        });
    }

    /**
     * {@code dump --prune}: the dump already succeeded, so a prune that fails cannot undo it; it exits 1
     * and both results are printed. With --json, one document holds both.
     */
    static Result withPrune(RunContext ctx, Manifest backup, Duration lockWait) {
        PruneResult r = null;
        PgKeeperException failure = null;
        try {
            r = new PruneService(ctx).prune(new PruneRequest(lockWait));
        } catch (RuntimeException e) {
            failure = ErrorHandler.translate(e);
        }
        boolean ok = failure == null && r.ok();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("manifest", backup);
        details.put("sizeBytes", backup.sizeBytes());
        Envelope.Run prune = Envelope.Run.of("prune");
        details.put("prune", failure == null ? Envelope.COMMAND.document(prune, r.ok() ? 0 : 1, r)
                : Envelope.of(Envelope.Field.COMMAND, Envelope.Field.OK, Envelope.Field.EXIT_CODE).failed(prune, failure));
        PruneResult pruned = r;
        PgKeeperException failed = failure;
        return Result.run(ok ? ExitCode.OK.code() : ExitCode.FAILED.code(), details, out -> {
            id(out, ctx, backup);
            warnings(out, backup);
            if (failed != null) {
                out.error("pgkeeper: error: backup " + backup.id() + " succeeded and is kept, but prune failed: " + failed.getMessage());
                failed.hint().ifPresent(h -> out.error("hint: " + h));
            } else {
                PruneOutput.write(out, pruned);
            }
        });
    }

    private static void id(Output out, RunContext ctx, Manifest m) {
        if (ctx.dryRun()) {
            out.line("dry run: nothing was written; the backup would be " + m.id());
        } else {
            out.done(m.id());
        }
    }

    /** What a new backup lacks, such as role passwords: on stderr beside the id (stdout stays the id alone), even with --quiet. */
    private static void warnings(Output out, Manifest m) {
        m.warnings().forEach(w -> out.note("warning: " + w));
    }
}
