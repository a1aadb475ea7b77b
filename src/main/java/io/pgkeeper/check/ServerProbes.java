package io.pgkeeper.check;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.Catalog;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.postgres.ServerInfo;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.List;

/** The server's version, the tools that match it, and the settings backups depend on. */
final class ServerProbes {
    private ServerProbes() {}

    static ServerInfo run(CheckContext cc, Connection c, String endpoint, String expectedArchiveCommand, List<Finding> out) throws SQLException {
        ServerInfo info = Catalog.serverInfo(c);
        boolean standby = Sql.one(c, "SELECT pg_is_in_recovery()::text").map(Boolean::parseBoolean).orElse(false);
        out.add(Finding.ok("server", "PostgreSQL " + info.version() + (standby ? ", a standby" : "") + " (system identifier "
                + info.systemIdentifier() + ")", "connected to " + endpoint + " as "
                + Sql.one(c, "SELECT current_user").orElse("?")));
        tool(cc, info.major(), "pg_dump", true, out);
        tool(cc, info.major(), "pg_restore", true, out);
        tool(cc, info.major(), "pg_basebackup", cc.physical(), out);

        boolean physical = cc.physical();
        String walLevel = Sql.setting(c, "wal_level");
        out.add(walLevel.equals("replica") || walLevel.equals("logical") ? Finding.ok("wal_level", walLevel)
                : Finding.failOrWarn(physical, "wal_level", walLevel + ": base backups and archiving need replica",
                        "set wal_level = replica in postgresql.conf and restart the server"));
        String archiveMode = Sql.setting(c, "archive_mode");
        out.add(archiveMode.equals("on") || archiveMode.equals("always") ? Finding.ok("archive_mode", archiveMode)
                : Finding.failOrWarn(physical, "archive_mode", archiveMode + ": no WAL is archived, so no point-in-time recovery",
                        "set archive_mode = on in postgresql.conf and restart the server"));
        String archiveCommand = Sql.setting(c, "archive_command");
        if (archiveCommand.equals(expectedArchiveCommand)) {
            out.add(Finding.ok("archive_command", archiveCommand));
        } else {
            String what = archiveCommand.isEmpty() ? "not set" : "'" + archiveCommand + "' is not pgkeeper's command for this policy and cluster";
            out.add(Finding.failOrWarn(physical, "archive_command", what,
                    "set in postgresql.conf, then reload: archive_command = '" + expectedArchiveCommand.replace("'", "''") + "'"));
        }
        return info;
    }

    private static void tool(CheckContext cc, int major, String name, boolean needed, List<Finding> out) {
        try {
            PgTools tools = cc.ctx().binaries().forServer(major, cc.ctx().cluster().binDir(), name);
            out.add(Finding.ok(name, tools.version() + " in " + tools.binDir()));
        } catch (PgKeeperException e) {
            out.add(Finding.failOrWarn(needed, name, e.getMessage(), e.hint().orElse("install it")));
        }
    }

    /** Read after the archiving probe, so that a failure the probe saw fixed reads as history. */
    static void archiver(Connection c, boolean physical, List<Finding> out) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT failed_count, last_failed_wal, last_failed_time, last_archived_wal, last_archived_time FROM pg_stat_archiver")) {
            if (!rs.next()) {
                return;
            }
            long failed = rs.getLong(1);
            String failedWal = rs.getString(2);
            OffsetDateTime failedAt = rs.getObject(3, OffsetDateTime.class);
            OffsetDateTime archivedAt = rs.getObject(5, OffsetDateTime.class);
            String evidence = "pg_stat_archiver: failed_count " + failed + ", last_failed_wal " + failedWal + " at " + failedAt
                    + ", last_archived_wal " + rs.getString(4) + " at " + archivedAt;
            if (failed == 0) {
                out.add(Finding.ok("pg_stat_archiver", "no failed archiving" + (archivedAt == null ? "" : "; last archived " + rs.getString(4)
                        + " at " + archivedAt), evidence));
            } else if (archivedAt == null || (failedAt != null && failedAt.isAfter(archivedAt))) {
                out.add(Finding.failOrWarn(physical, "pg_stat_archiver", failed + " failed attempts, the last for " + failedWal + " at " + failedAt
                        + ", and none succeeded since", "the archiving probe shows the archive_command's error", evidence));
            } else {
                out.add(Finding.warn("pg_stat_archiver", failed + " failed attempts since the statistics reset, the last for " + failedWal
                        + " at " + failedAt + "; archiving has succeeded since", "none needed if it keeps succeeding;"
                        + " SELECT pg_stat_reset_shared('archiver') clears the count", evidence));
            }
        }
    }
}
