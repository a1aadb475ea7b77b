package io.pgkeeper.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.engine.Expiry;
import io.pgkeeper.engine.PhysicalEngine;
import io.pgkeeper.repository.Manifest;
import io.pgkeeper.util.Json;
import java.io.PrintWriter;
import java.time.Duration;
import io.pgkeeper.retention.PruneRequest;
import io.pgkeeper.retention.PruneResult;
import io.pgkeeper.retention.PruneService;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Apply the cluster's retention policy: print every backup with keep or delete and the rule that"
                + " decided it, then delete what no rule keeps.",
                "The newest completed backup of each kind is never deleted, nor any of the newest retention.<kind>.minKeep. Unfinished attempts"
                + " older than retention.unfinishedGrace are removed. With --dry-run, print the same plan and delete nothing."},
        footerHeading = "%nExamples:%n",
        footer = {"  pgkeeper prune --dry-run", "  pgkeeper prune", "  pgkeeper prune --json --lock-wait 10m",
                "  pgkeeper dump --prune            # prune only after a successful dump"})
final class PruneCommand implements Callable<Integer>, WorkCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    LockWaitOption lockWait;

    @Override
    public String kind() {
        return "all";
    }

    @Override
    public Integer call() {
        RunContext ctx = CliContext.open(spec);
        PruneResult r = new PruneService(ctx).prune(new PruneRequest(lockWait.value()));
        int code = r.ok() ? ExitCode.OK.code() : ExitCode.FAILED.code();
        // An engine that keeps the physical backups itself (pgBackRest) applies retention there.
        PhysicalEngine engine = Engines.of(ctx.cluster());
        Expiry expire = engine.expire(ctx).orElse(null);
        ObjectNode doc = PruneOutput.json(r);
        if (expire != null) {
            doc.set(engine.name(), Json.mapper().valueToTree(expire));
        }
        var result = RunReport.of(spec).finished(spec, ctx.cluster().name(), code, doc);
        print(spec, r, result);
        if (expire != null && !new Output(spec).json()) {
            Output out = new Output(spec);
            out.line("pgbackrest expire of stanza " + expire.stanza() + (expire.dryRun() ? " (dry run: pgbackrest --dry-run, nothing removed)" : "") + ":");
            if (expire.actions().isEmpty()) {
                out.line("  nothing to expire");
            }
            expire.actions().forEach(a -> out.line("  " + a));
            out.line("  backups in the repository: " + (expire.retained().isEmpty() ? "none" : String.join(", ", expire.retained())));
        }
        return code;
    }

    static void print(CommandLine.Model.CommandSpec spec, PruneResult r, ObjectNode result) {
        Output out = new Output(spec);
        PruneOutput.errors(r, spec.commandLine().getErr());
        if (out.json()) {
            out.json(result);
        } else if (r.dryRun() || !r.ok()) {
            PruneOutput.text(r).forEach(out::line);
        } else {
            PruneOutput.text(r).forEach(out::done);
        }
    }

    /**
     * {@code dump --prune}: the dump already succeeded, so a prune that fails cannot undo it; it exits 1
     * and both results are printed. With --json, one document holds both.
     */
    static int afterBackup(CommandLine.Model.CommandSpec spec, RunContext ctx, Manifest dumped, Duration lockWait) {
        Output out = new Output(spec);
        PrintWriter err = spec.commandLine().getErr();
        PruneResult r = null;
        PgKeeperException failure = null;
        try {
            r = new PruneService(ctx).prune(new PruneRequest(lockWait));
        } catch (RuntimeException e) {
            failure = ErrorHandler.translate(e);
        }
        boolean ok = failure == null && r.ok();
        var mapper = Json.mapper();
        ObjectNode details = mapper.createObjectNode();
        details.set("manifest", mapper.valueToTree(dumped));
        details.put("sizeBytes", dumped.sizeBytes());
        details.set("prune", failure == null ? PruneOutput.json(r) : readTree(ErrorHandler.errorJson("prune", failure)));
        ObjectNode result = RunReport.of(spec).finished(spec, ctx.cluster().name(), ok ? ExitCode.OK.code() : ExitCode.FAILED.code(), details);
        if (out.json()) {
            out.json(result);
        } else if (ctx.dryRun()) {
            out.line("dry run: nothing was written; the backup would be " + dumped.id());
        } else {
            out.done(dumped.id());
        }
        Output.backupWarnings(spec, out, dumped);
        if (failure != null) {
            err.println("pgkeeper: error: backup " + dumped.id() + " succeeded and is kept, but prune failed: " + failure.getMessage());
            failure.hint().ifPresent(h -> err.println("hint: " + h));
            err.flush();
        } else if (!out.json()) {
            print(spec, r, result);
        } else {
            PruneOutput.errors(r, err);
        }
        return ok ? ExitCode.OK.code() : ExitCode.FAILED.code();
    }

    private static ObjectNode readTree(String json) {
        try {
            return (ObjectNode) Json.mapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
