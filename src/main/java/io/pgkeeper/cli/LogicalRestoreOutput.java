package io.pgkeeper.cli;

import io.pgkeeper.restore.ClusterRestoreResult;
import io.pgkeeper.restore.RestoreResult;
import java.util.List;

/** Text and JSON for logical restores. Warnings are printed even with --quiet: they say what did not come back. */
final class LogicalRestoreOutput {
    private LogicalRestoreOutput() {}

    static void text(Output out, RestoreResult r) {
        if (r.dryRun()) {
            out.line("dry run: nothing was restored");
            return;
        }
        out.done("restored database \"" + r.database() + "\" of backup " + r.backupId() + " into \"" + r.into() + "\""
                + (r.replaced() ? " (replaced the existing database)" : "")
                + (r.createdRoles().isEmpty() ? "" : "; created roles: " + String.join(", ", r.createdRoles())));
        warnings(out, r.warnings());
    }

    static void text(Output out, ClusterRestoreResult r) {
        if (r.dryRun()) {
            out.line("dry run: nothing was restored");
            return;
        }
        if (!r.createdRoles().isEmpty()) {
            out.done("created roles: " + String.join(", ", r.createdRoles()));
        }
        for (RestoreResult d : r.databases()) {
            out.done("restored database \"" + d.database() + "\"" + (d.replaced() ? " (replaced the existing database)" : ""));
        }
        out.done("restored " + r.databases().size() + " database(s) of backup " + r.backupId());
        warnings(out, r.warnings());
    }

    private static void warnings(Output out, List<String> warnings) {
        warnings.forEach(w -> out.line("warning: " + w));
    }
}
