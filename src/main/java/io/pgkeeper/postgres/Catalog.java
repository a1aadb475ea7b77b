package io.pgkeeper.postgres;

import io.pgkeeper.error.PgKeeperException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Read-only catalog queries through JDBC; never by parsing psql output. */
public final class Catalog {
    private Catalog() {}

    public static ServerInfo serverInfo(Connection c) {
        try (Statement st = c.createStatement()) {
            int num;
            String version;
            try (ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int, current_setting('server_version')")) {
                rs.next();
                num = rs.getInt(1);
                version = rs.getString(2);
            }
            return new ServerInfo(num, version, systemIdentifier(c).orElse(""));
        } catch (SQLException e) {
            throw PgKeeperException.failed("cannot read the server version: " + e.getMessage(), null, e);
        }
    }

    private static Optional<String> systemIdentifier(Connection c) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT system_identifier::text FROM pg_control_system()")) {
            rs.next();
            return Optional.ofNullable(rs.getString(1));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** Every database that accepts connections, with its locales; see {@link DatabaseList}. */
    public static List<DatabaseInfo> databases(Connection c) {
        return DatabaseList.read(c, serverInfo(c).versionNum());
    }

    public static boolean databaseExists(Connection c, String name) {
        return exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", name);
    }

    public static boolean roleExists(Connection c, String name) {
        return exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", name);
    }

    private static boolean exists(Connection c, String sql, String arg) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw PgKeeperException.failed("catalog query failed: " + e.getMessage(), null, e);
        }
    }

    /** Double-quotes an identifier for SQL text. */
    public static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
