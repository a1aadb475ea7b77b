package io.pgkeeper.postgres;

import io.pgkeeper.error.PgKeeperException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The prerequisites of pg_basebackup, checked before it runs so the error names the fix rather
 * than passing on pg_basebackup's raw message.
 */
public final class ReplicationReadiness {
    private ReplicationReadiness() {}

    /** Problems found, each with its fix; empty when a base backup can start. */
    public static List<String> problems(Connection c) {
        List<String> out = new ArrayList<>();
        String walLevel = setting(c, "wal_level").orElse("");
        if (!walLevel.equals("replica") && !walLevel.equals("logical")) {
            out.add("wal_level is '" + walLevel + "': set wal_level = replica in postgresql.conf and restart the server");
        }
        int senders = setting(c, "max_wal_senders").map(Integer::parseInt).orElse(0);
        if (senders < 2) {
            out.add("max_wal_senders is " + senders + ": pg_basebackup with streamed WAL needs 2; set max_wal_senders = 10 and restart");
        }
        if (!query(c, "SELECT (rolreplication OR rolsuper)::text FROM pg_roles WHERE rolname = current_user").map(Boolean::parseBoolean).orElse(false)) {
            out.add("the role " + query(c, "SELECT current_user").orElse("?") + " lacks the REPLICATION privilege: ALTER ROLE ... REPLICATION, or connect as another role");
        }
        return out;
    }

    /** pg_hba.conf rules are only readable by superusers; a missing replication entry is caught when the tool fails. */
    public static String hbaHint(String user) {
        return "add a pg_hba.conf line such as 'host replication " + user + " 127.0.0.1/32 scram-sha-256' and reload the server";
    }

    public static void require(Connection c, String describe) {
        List<String> problems = problems(c);
        if (!problems.isEmpty()) {
            throw PgKeeperException.failed("the server at " + describe + " is not ready for a base backup:\n  " + String.join("\n  ", problems),
                    "fix the settings above; see docs/pitr.md for the postgresql.conf lines");
        }
    }

    public static long walSegmentSize(Connection c) {
        return query(c, "SELECT setting::bigint * CASE unit WHEN '8kB' THEN 8192 WHEN 'MB' THEN 1048576 ELSE 1 END FROM pg_settings WHERE name = 'wal_segment_size'")
                .map(Long::parseLong).orElse(16L * 1024 * 1024);
    }

    private static Optional<String> setting(Connection c, String name) {
        return query(c, "SELECT current_setting('" + name + "')");
    }

    private static Optional<String> query(Connection c, String sql) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            return Optional.empty();
        }
    }
}
