package io.pgkeeper.backup;

import io.pgkeeper.error.PgKeeperException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a base backup records about its source besides the WAL range: whether it was a standby,
 * its port, and the names of its tablespaces (their paths come from the backup's own tablespace_map).
 */
record SourceFacts(boolean standby, Integer port, Map<String, String> tablespaceNames) {

    static SourceFacts read(Connection c) {
        try (Statement st = c.createStatement()) {
            boolean standby;
            Integer port;
            try (ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery(), current_setting('port')::int")) {
                rs.next();
                standby = rs.getBoolean(1);
                port = rs.getInt(2);
            }
            Map<String, String> names = new LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery("SELECT oid::text, spcname FROM pg_tablespace WHERE spcname NOT IN ('pg_default', 'pg_global') ORDER BY oid")) {
                while (rs.next()) {
                    names.put(rs.getString(1), rs.getString(2));
                }
            }
            return new SourceFacts(standby, port, names);
        } catch (SQLException e) {
            throw PgKeeperException.failed("cannot read the source's role and tablespaces: " + e.getMessage(), null, e);
        }
    }
}
