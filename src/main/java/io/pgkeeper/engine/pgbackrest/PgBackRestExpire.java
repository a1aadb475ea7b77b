package io.pgkeeper.engine.pgbackrest;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.engine.Expiry;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.process.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code prune} with engine pgbackrest: retention is pgBackRest's own expire, with the
 * repo1-retention-full pgkeeper rendered from retention.physical.keepFull. Its plan and result
 * are pgbackrest's INFO lines ("expire full backup ...", "remove archive ..."); with --dry-run,
 * pgbackrest's own --dry-run shows the plan and deletes nothing.
 */
final class PgBackRestExpire {

    private static final Pattern ACTION = Pattern.compile("INFO: (?:\\[DRY-RUN\\] )?(repo\\d+: .*)");

    private PgBackRestExpire() {}

    static Expiry run(RunContext ctx) {
        PgBackRestTool tool = PgBackRestTool.open(ctx);
        boolean dry = ctx.dryRun();
        List<String> argv = PgBackRest.expire(tool.invocation(), dry);
        // A dry-run prune still asks pgbackrest for its plan: pgbackrest --dry-run changes nothing.
        ToolCall call = tool.call(argv, ctx.cluster().timeouts().dump()).withStdout(ToolCall.Stdout.capture());
        ToolResult r = ctx.runner().forReads().run(call);
        if (!r.ok()) {
            throw PgBackRestError.toException("pgbackrest expire of stanza " + tool.stanza() + " failed", r, tool.stanza());
        }
        PgBackRestInfo info = PgBackRestInfo.parse(tool.read(PgBackRest.info(tool.invocation()), PgBackRestTool.SHORT).stdout(), tool.stanza());
        return new Expiry(tool.stanza(), dry, actions(r.stdout()), info.backups().stream().map(b -> b.label() + " (" + b.type() + ")").toList());
    }

    static List<String> actions(String stdout) {
        List<String> out = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            Matcher m = ACTION.matcher(line);
            if (m.find()) {
                out.add(m.group(1).strip());
            }
        }
        return out;
    }
}
