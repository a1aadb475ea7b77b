package io.pgkeeper.cli;

import static io.pgkeeper.error.ExitCode.FAILED;
import static io.pgkeeper.error.ExitCode.LOCKED;
import static io.pgkeeper.error.ExitCode.OK;
import static io.pgkeeper.error.ExitCode.USAGE;
import io.pgkeeper.cli.Exits.Exit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.ExitCode;
import io.pgkeeper.engine.Expiry;
import io.pgkeeper.engine.PhysicalEngine;
import io.pgkeeper.util.Json;
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
@Exits({@Exit(OK), @Exit(value = FAILED, means = "a deletion failed (named on stderr); what could be deleted was"), @Exit(USAGE),
        @Exit(LOCKED)})
final class PruneCommand implements Callable<Result>, WorkCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    LockWaitOption lockWait;

    @Override
    public String kind() {
        return "all";
    }

    @Override
    public Result call() {
        RunContext ctx = CliContext.open(spec);
        PruneResult r = new PruneService(ctx).prune(new PruneRequest(lockWait.value()));
        int code = r.ok() ? ExitCode.OK.code() : ExitCode.FAILED.code();
        // An engine that keeps the physical backups itself (pgBackRest) applies retention there.
        PhysicalEngine engine = Engines.of(ctx.cluster());
        Expiry expire = engine.expire(ctx).orElse(null);
        ObjectNode details = Json.mapper().valueToTree(r);
        if (expire != null) {
            details.set(engine.name(), Json.mapper().valueToTree(expire));
        }
        return Result.run(code, details, out -> {
            PruneOutput.write(out, r);
            if (expire != null) {
                out.line("pgbackrest expire of stanza " + expire.stanza() + (expire.dryRun() ? " (dry run: pgbackrest --dry-run, nothing removed)" : "") + ":");
                if (expire.actions().isEmpty()) {
                    out.line("  nothing to expire");
                }
                expire.actions().forEach(a -> out.line("  " + a));
                out.line("  backups in the repository: " + (expire.retained().isEmpty() ? "none" : String.join(", ", expire.retained())));
            }
        });
    }
}
