package io.pgkeeper.cli;

import io.pgkeeper.retention.PruneOutcome;
import io.pgkeeper.retention.PruneResult;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** How a prune's result reads, for {@code prune} and for {@code dump --prune}. */
final class PruneOutput {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private PruneOutput() {}

    /** Deletion failures on stderr (also with --json), then the plan; a dry run or a failure shows it even with --quiet. */
    static void write(Output out, PruneResult r) {
        errors(out, r);
        if (r.dryRun() || !r.ok()) {
            text(r).forEach(out::line);
        } else {
            text(r).forEach(out::done);
        }
    }

    /** The plan as a table, then one summary line. */
    static List<String> text(PruneResult r) {
        List<String> lines = new ArrayList<>();
        if (r.decisions().isEmpty()) {
            lines.add("no backups or unfinished attempts for cluster " + r.cluster());
        } else {
            TextTable t = new TextTable("KIND", "ID", "STARTED", "ACTION", "REASON");
            for (PruneOutcome o : r.decisions()) {
                String action = o.error() != null ? "FAILED" : o.action();
                t.add(o.kind(), o.id(), o.startedAt() == null ? "-" : TIME.format(o.startedAt()), action, reason(o));
            }
            lines.addAll(t.render());
        }
        lines.add(summary(r));
        return lines;
    }

    private static String reason(PruneOutcome o) {
        String reasons = String.join("; ", o.reasons());
        return o.error() == null ? reasons : reasons + "; delete failed: " + o.error();
    }

    private static String summary(PruneResult r) {
        long deletes = r.deletions().size();
        long keeps = r.decisions().size() - deletes;
        String wal = r.walKeepFrom() == null ? "no WAL expired"
                : r.walDeleted().size() + " WAL file(s) below " + r.walKeepFrom();
        if (r.dryRun()) {
            return "dry run: nothing was deleted; would delete " + deletes + ", keep " + keeps + ", "
                    + (r.walKeepFrom() == null ? "expire no WAL" : "expire " + wal);
        }
        long failed = r.deletions().stream().filter(o -> o.error() != null).count();
        return "deleted " + (deletes - failed) + ", kept " + keeps + (failed > 0 ? ", failed " + failed : "") + "; "
                + (r.walKeepFrom() == null ? wal : "expired " + wal);
    }

    /** Deletion failures, named with their fix. */
    private static void errors(Output out, PruneResult r) {
        for (String e : r.errors()) {
            out.error("pgkeeper: error: " + e);
        }
        if (!r.errors().isEmpty()) {
            out.error("hint: fix the cause (often permissions) and rerun 'pgkeeper prune'; a directory renamed to"
                    + " <id>.deleting is never listed and the next prune finishes it");
        }
    }
}
