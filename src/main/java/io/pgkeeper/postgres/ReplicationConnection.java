package io.pgkeeper.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.PGProperty;

/**
 * A real physical replication connection, the kind pg_basebackup opens: the server applies its
 * {@code replication} lines of pg_hba.conf, the REPLICATION privilege and max_wal_senders to it,
 * which no query on a normal connection can tell. It runs {@code IDENTIFY_SYSTEM} and closes.
 */
public final class ReplicationConnection {
    private ReplicationConnection() {}

    /** What the walsender answered. */
    public record Identity(String systemIdentifier, int timeline, String xlogpos) {}

    /** @throws SQLException with the server's reason when the connection or the command is refused */
    public static Identity identifySystem(PgAccess access) throws SQLException {
        String host = access.host().startsWith("/") ? "localhost" : access.host();
        String url = "jdbc:postgresql://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + access.port() + "/";
        Properties props = new Properties();
        PGProperty.USER.set(props, access.user());
        // libpq looks up a replication connection's password under the database name "replication"
        access.passwordFor("replication").ifPresent(p -> PGProperty.PASSWORD.set(props, p));
        PGProperty.REPLICATION.set(props, "true");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "9.4");
        PGProperty.PREFER_QUERY_MODE.set(props, "simple");
        PGProperty.APPLICATION_NAME.set(props, "pgkeeper check");
        long seconds = Math.max(1, access.connectTimeout().toSeconds());
        PGProperty.CONNECT_TIMEOUT.set(props, (int) seconds);
        PGProperty.LOGIN_TIMEOUT.set(props, (int) seconds);
        try (Connection c = DriverManager.getConnection(url, props); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("IDENTIFY_SYSTEM")) {
            if (!rs.next()) {
                throw new SQLException("IDENTIFY_SYSTEM returned no row");
            }
            return new Identity(rs.getString(1), rs.getInt(2), rs.getString(3));
        }
    }
}
