package io.pgkeeper.check;

import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.engine.ArchivingCheck;
import io.pgkeeper.engine.PhysicalEngine;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Archiving end to end, as {@code pgbackrest check} does it: write a little WAL, switch to a new
 * segment, and wait a bounded time for the finished segment to land in pgkeeper's archive. What
 * happened instead is the evidence: pg_stat_archiver's last failure and the server's log line.
 */
final class ArchivingProbe {
    static final String NAME = "archiving";
    private static final Duration POLL = Duration.ofMillis(200);

    private ArchivingProbe() {}

    static void run(CheckContext cc, PhysicalEngine engine, Connection c, List<Finding> out) throws SQLException {
        String mode = Sql.setting(c, "archive_mode");
        if (!mode.equals("on") && !mode.equals("always")) {
            out.add(Finding.warn(NAME, "not probed: archive_mode is " + mode, "see archive_mode above"));
            return;
        }
        if (Sql.one(c, "SELECT pg_is_in_recovery()::text").map(Boolean::parseBoolean).orElse(false)) {
            out.add(Finding.warn(NAME, "not probed: the server is a standby, where WAL cannot be switched",
                    "run pgkeeper check against the primary, which archives"));
            return;
        }
        if (cc.ctx().dryRun()) {
            out.add(Finding.warn(NAME, "not probed: --dry-run writes no WAL", "run check without --dry-run"));
            return;
        }
        if (ownCheck(cc, engine, out)) {
            return;
        }
        String segment;
        Instant started = cc.ctx().clock().instant();
        Instant serverStarted;
        try {
            // a segment holding no record is not switched; the commit record of an xid is the smallest write there is
            Sql.one(c, "SELECT pg_current_xact_id()::text");
            List<String> row = Sql.rows(c, "SELECT pg_walfile_name(pg_switch_wal()), extract(epoch from clock_timestamp())::text").get(0);
            segment = row.get(0);
            // failures are judged by the server's clock, which stamps pg_stat_archiver
            serverStarted = ArchiverState.epoch(row.get(1));
        } catch (SQLException e) {
            String user = Sql.one(c, "SELECT current_user").orElse("?");
            // not tested is not ok, but it is no failure of the set-up either: pg_stat_archiver above still judges archiving
            out.add(Finding.warn(NAME, "not tested: " + Sql.reason(e),
                    "as a superuser: GRANT EXECUTE ON FUNCTION pg_switch_wal() TO " + user + ", or run check with a superuser's connection",
                    "SELECT pg_switch_wal(): " + Sql.reason(e)));
            return;
        }
        WalArchive archive = WalArchive.of(cc.ctx().repository(), cc.cluster());
        Instant deadline = started.plus(cc.archiveTimeout());
        while (true) {
            Optional<io.pgkeeper.archive.ArchivedFile> landed = archive.find(segment);
            if (landed.isPresent()) {
                long ms = Duration.between(started, cc.ctx().clock().instant()).toMillis();
                out.add(Finding.ok(NAME, "segment " + segment + " reached the archive " + ms + " ms after the switch",
                        "archived as " + landed.get().path()));
                return;
            }
            ArchiverState s = ArchiverState.read(c);
            // a failing archive_command fails whoever set it up: the server keeps every WAL segment until it works
            if (s.failedSince(serverStarted)) {
                out.add(Finding.fail(NAME, "archive_command fails: segment " + segment + " did not reach the archive; the archiver failed on "
                        + s.lastFailedWal() + " at " + s.lastFailedTime(), "fix what the archive_command reports (the server log lines seen), then run check again",
                        s.describe()).withEvidence(ServerLog.archiveFailure(c, cc.ctx().cluster().pgdata())));
                return;
            }
            if (s.archivedAtLeast(segment) && archive.find(segment).isEmpty()) {
                out.add(Finding.failOrWarn(cc.physical(), NAME, "the server archived " + s.lastArchivedWal() + ", but not into pgkeeper's archive " + archive.walDir(),
                        "set archive_command to the line above and reload the server", s.describe()));
                return;
            }
            if (!cc.ctx().clock().instant().isBefore(deadline)) {
                out.add(Finding.failOrWarn(cc.physical(), NAME, "segment " + segment + " did not reach the archive within " + io.pgkeeper.util.Durations.format(
                        cc.archiveTimeout()), "is the archiver behind (a backlog in pg_wal/archive_status)? read the server log;"
                        + " or wait longer with --archive-timeout", s.describe()).withEvidence(ServerLog.archiveFailure(c, cc.ctx().cluster().pgdata())));
                return;
            }
            sleep();
        }
    }

    /** An engine that keeps the archive itself checks it end to end its own way (pgbackrest check); returns whether it did. */
    private static boolean ownCheck(CheckContext cc, PhysicalEngine engine, List<Finding> out) {
        Optional<ArchivingCheck> own;
        try {
            own = engine.checkArchiving(cc.ctx(), cc.archiveTimeout().plusMinutes(1));
        } catch (PgKeeperException e) {
            out.add(Finding.fail(NAME, engine.name() + " check could not run: " + e.getMessage(), e.hint().orElse("see docs/" + engine.name() + ".md")));
            return true;
        }
        own.ifPresent(r -> out.add(r.ok() ? Finding.ok(NAME, r.message())
                : Finding.fail(NAME, r.message(), r.hint(), r.evidence().toArray(new String[0]))));
        return own.isPresent();
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PgKeeperException.failed("interrupted while waiting for the archive", null);
        }
    }

    /** One reading of pg_stat_archiver. */
    record ArchiverState(String lastArchivedWal, Instant lastArchivedTime, String lastFailedWal, Instant lastFailedTime, long failedCount) {

        static ArchiverState read(Connection c) throws SQLException {
            List<List<String>> rows = Sql.rows(c, "SELECT last_archived_wal, extract(epoch from last_archived_time)::text, last_failed_wal,"
                    + " extract(epoch from last_failed_time)::text, failed_count::text FROM pg_stat_archiver");
            List<String> r = rows.isEmpty() ? new ArrayList<>(java.util.Collections.nCopies(5, null)) : rows.get(0);
            return new ArchiverState(r.get(0), epoch(r.get(1)), r.get(2), epoch(r.get(3)), r.get(4) == null ? 0 : Long.parseLong(r.get(4)));
        }

        static Instant epoch(String s) {
            if (s == null) {
                return null;
            }
            double seconds = Double.parseDouble(s);
            return Instant.ofEpochSecond((long) Math.floor(seconds), (long) ((seconds - Math.floor(seconds)) * 1e9));
        }

        /** A failure stamped (by the server) after the switch, and not followed by a success. */
        boolean failedSince(Instant serverTime) {
            return lastFailedTime != null && !lastFailedTime.isBefore(serverTime)
                    && (lastArchivedTime == null || lastFailedTime.isAfter(lastArchivedTime));
        }

        boolean archivedAtLeast(String segment) {
            return lastArchivedWal != null && lastArchivedWal.length() == 24 && lastArchivedWal.compareTo(segment) >= 0;
        }

        String describe() {
            return "pg_stat_archiver: last_archived_wal " + lastArchivedWal + " at " + lastArchivedTime + ", last_failed_wal " + lastFailedWal
                    + " at " + lastFailedTime + ", failed_count " + failedCount;
        }
    }
}
