package io.pgkeeper.postgres;

import io.pgkeeper.error.PgKeeperException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The unlogged tables and sequences of a database, as {@code schema.name}. Their contents are not
 * WAL-logged: recovery from a base backup empties them (and resets their sequences) by design,
 * so a physical fingerprint leaves them out and says so. A logical dump keeps their rows.
 */
public final class UnloggedRelations {
    private static final String SQL = "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE c.relpersistence = 'u' AND c.relkind IN ('r', 'p', 'S') "
            + "AND n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2";

    private UnloggedRelations() {}

    public static Set<String> of(Connection c) {
        Set<String> out = new LinkedHashSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(SQL)) {
            while (rs.next()) {
                out.add(rs.getString(1) + "." + rs.getString(2));
            }
        } catch (SQLException e) {
            throw PgKeeperException.failed("cannot list unlogged relations: " + e.getMessage(), null, e);
        }
        return out;
    }
}
