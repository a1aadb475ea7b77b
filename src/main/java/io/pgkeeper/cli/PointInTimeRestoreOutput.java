package io.pgkeeper.cli;

import io.pgkeeper.restore.PointInTimeResult;
import io.pgkeeper.util.Durations;
import java.time.Duration;
import java.util.stream.Collectors;

/** How the point-in-time restore of one database reads for people: what came back where, as of when, and how long each step took. */
final class PointInTimeRestoreOutput {
    /** A whole database lists its tables only when they fit on a screen; --json always has them all. */
    private static final int LISTED = 20;

    private PointInTimeRestoreOutput() {}

    static void text(Output out, PointInTimeResult r) {
        String where = switch (r.mode()) {
            case "schema" -> "into the new schema \"" + r.schema() + "\" of database \"" + r.into() + "\"";
            case "tables" -> "into the new database \"" + r.into() + "\"";
            default -> "into \"" + r.into() + "\"" + (r.replaced() ? " (replaced the existing database)" : "");
        };
        String what = r.mode().equals("database") ? "database \"" + r.database() + "\"" : "tables of database \"" + r.database() + "\"";
        if (r.dryRun()) {
            out.line("dry run: nothing was restored; base backup " + r.backupId() + " (" + r.chosenBecause() + ") would be recovered to the "
                    + r.target() + " in a sandbox, and " + what + " restored " + where);
            return;
        }
        out.done("restored " + what + " as of the " + r.target() + " " + where);
        out.done("from base backup " + r.backupId() + " (" + r.chosenBecause() + ")");
        PointInTimeResult.Reached x = r.reached();
        out.done("target reached at " + x.lsn() + (x.time() == null ? "" : ", last transaction " + x.time())
                + (x.stoppedAt() == null ? "" : " (" + x.stoppedAt() + ")"));
        if (!r.mode().equals("database") || r.tables().size() <= LISTED) {
            for (PointInTimeResult.RestoredTable t : r.tables()) {
                out.done("  " + t.table() + (t.table().equals(t.restoredAs()) ? "" : " as " + t.restoredAs()) + ": " + t.rows() + " row(s)");
            }
        }
        out.done(r.tables().size() + " table(s), " + r.rows() + " row(s), counted in the sandbox and again in the restored copy");
        out.done("steps: " + r.steps().stream().map(s -> s.name() + " " + took(s.durationMs())).collect(Collectors.joining(", "))
                + "; " + took(r.durationMs()) + " in all");
        r.warnings().forEach(w -> out.line("warning: " + w));
    }

    /** 850ms, 2.4s, 3m12s: a step's time to a tenth of a second while that still means something. */
    static String took(long ms) {
        if (ms < 1000) {
            return ms + "ms";
        }
        return ms < 60_000 ? String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0) : Durations.format(Duration.ofSeconds(ms / 1000));
    }
}
