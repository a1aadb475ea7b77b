package io.pgkeeper.cli;

import io.pgkeeper.restore.PhysicalRestoreResult;

/** How a physical restore reads for people: what was restored where, what was changed, how to go on. */
final class PhysicalRestoreOutput {
    private PhysicalRestoreOutput() {}

    static void text(Output out, PhysicalRestoreResult r) {
        if (r.dryRun()) {
            out.line("dry run: nothing was restored; base backup " + r.backupId() + " (" + r.chosenBecause() + ") would go to " + r.pgdata());
            r.tablespaces().forEach(t -> out.line("  tablespace " + t.oid() + (t.name() == null ? "" : " (" + t.name() + ")") + " would go to " + t.to()));
            return;
        }
        out.done("restored base backup " + r.backupId() + " (" + r.chosenBecause() + ") into " + r.pgdata()
                + (r.sourceWasStandby() ? "; it was taken from a standby" : ""));
        out.done((r.standby() ? "set up as a replica (standby.signal, primary_conninfo)" : "recovery target: " + r.target()));
        for (PhysicalRestoreResult.RestoredTablespace t : r.tablespaces()) {
            out.done("tablespace " + t.oid() + (t.name() == null ? "" : " (" + t.name() + ")") + ": " + t.to()
                    + (t.to().equals(t.from()) ? " (where the source had it)" : " (the source had it at " + t.from() + ")"));
        }
        if (!r.removedSettings().isEmpty()) {
            out.done("removed from the backup's postgresql.auto.conf: " + String.join("; ", r.removedSettings()));
        }
        out.done("archiving: " + r.archiving());
        out.done("server log: " + r.serverLog());
        r.warnings().forEach(w -> out.done("warning: " + w));
        if (r.reached() == null) {
            out.done("start it with: " + r.startCommand());
            return;
        }
        PhysicalRestoreResult.Reached x = r.reached();
        out.done("recovery " + x.state() + (x.lsn() == null ? "" : " at " + x.lsn()) + (x.time() == null ? "" : ", last transaction " + x.time())
                + (x.timeline() == null ? "" : ", now on timeline " + x.timeline()) + (x.stoppedAt() == null ? "" : " (" + x.stoppedAt() + ")"));
        if (x.recoverySettingsRemoved()) {
            out.done("pgkeeper's recovery settings were removed from postgresql.auto.conf again: the copy is an ordinary server now");
        } else if (x.state().equals("paused")) {
            out.done("recovery is paused: SELECT pg_wal_replay_resume() promotes it; then remove pgkeeper's recovery settings block from "
                    + r.pgdata() + "/postgresql.auto.conf");
        }
    }
}
