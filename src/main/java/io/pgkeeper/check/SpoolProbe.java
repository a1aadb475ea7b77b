package io.pgkeeper.check;

import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.spool.SpoolReport;
import io.pgkeeper.util.FileOwner;
import java.util.ArrayList;
import java.util.List;

/**
 * With {@code archive.async}: the spool belongs to the server's OS user (who runs archive_command),
 * no error record waits, and the backlog the push worker last saw is under
 * {@code archive.backlogWarning}. The worker, the backlog and the oldest unacknowledged segment are
 * the evidence.
 */
final class SpoolProbe {
    private SpoolProbe() {}

    static void run(CheckContext cc, List<Finding> out) {
        ClusterPolicy cluster = cc.ctx().cluster();
        if (!cluster.archive().async()) {
            return;
        }
        SpoolReport r = SpoolReport.of(cluster, cc.ctx().policy().repository().path());
        if (!r.exists()) {
            out.add(Finding.ok("archive spool", "not created yet: the first archive push creates " + r.dir() + ", owned by " + cc.serverUser()));
            return;
        }
        List<String> evidence = new ArrayList<>();
        evidence.add(r.describe());
        r.errors().stream().skip(1).forEach(evidence::add);
        java.util.Optional<String> owner = FileOwner.owner(r.dir());
        if (FileOwner.user(cc.serverUser()).isPresent() && owner.isPresent() && !owner.get().equals(cc.serverUser())) {
            out.add(Finding.fail("archive spool", r.dir() + " belongs to " + FileOwner.describe(r.dir()) + ", but archive_command runs as "
                    + cc.serverUser(),
                    "chown -R " + cc.serverUser() + ": " + r.dir(), evidence.toArray(String[]::new)));
            return;
        }
        long warn = cluster.archive().backlogWarning();
        if (!r.errors().isEmpty()) {
            out.add(Finding.fail("archive spool", "archiving fails: " + r.errors().get(0),
                    "PostgreSQL retries; the worker's log is " + r.dir().resolve("push/worker.log") + " (pg_stat_archiver counts the failures)",
                    evidence.toArray(String[]::new)));
        } else if (r.backlogBytes() > warn) {
            out.add(Finding.warn("archive spool", "the archive backlog (" + (r.backlogBytes() >> 20) + " MiB) is over archive.backlogWarning ("
                    + (warn >> 20) + " MiB): pg_wal grows until archiving catches up (nothing is dropped)",
                    "raise archive.processMax, or look for what slows the repository", evidence.toArray(String[]::new)));
        } else {
            out.add(Finding.ok("archive spool", r.describe()));
        }
    }

}
