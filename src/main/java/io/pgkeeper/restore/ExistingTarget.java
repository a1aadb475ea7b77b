package io.pgkeeper.restore;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.Catalog;
import io.pgkeeper.postgres.PgAccess;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Whether a restore may take a target name. A database of that name is refused unless
 * {@code --clean}, with one exception: the empty {@code postgres} database that initdb creates,
 * so that restoring a whole backup into a new server needs no {@code --clean}, which would
 * also replace databases that hold data.
 */
enum ExistingTarget {
    NONE,
    INITDB_EMPTY,
    EXISTS;

    static ExistingTarget of(Connection control, PgAccess access, String target) {
        if (!Catalog.databaseExists(control, target)) {
            return NONE;
        }
        return target.equals("postgres") && untouched(control, access, target) ? INITDB_EMPTY : EXISTS;
    }

    /** No object, setting or ACL that initdb did not create (user objects have OIDs from 16384 on; initdb comments the database itself). */
    private static boolean untouched(Connection control, PgAccess access, String target) {
        String onDatabase = "SELECT d.datacl IS NULL AND NOT EXISTS (SELECT 1 FROM pg_db_role_setting s WHERE s.setdatabase = d.oid)"
                + " FROM pg_database d WHERE d.datname = " + Catalog.literal(target);
        String inside = "SELECT NOT EXISTS (SELECT 1 FROM pg_class WHERE oid >= 16384) AND NOT EXISTS (SELECT 1 FROM pg_proc WHERE oid >= 16384)"
                + " AND NOT EXISTS (SELECT 1 FROM pg_type WHERE oid >= 16384) AND NOT EXISTS (SELECT 1 FROM pg_namespace WHERE oid >= 16384)"
                + " AND NOT EXISTS (SELECT 1 FROM pg_extension WHERE oid >= 16384) AND NOT EXISTS (SELECT 1 FROM pg_largeobject_metadata)";
        try (Connection c = access.connect(target)) {
            return query(control, onDatabase) && query(c, inside);
        } catch (SQLException | PgKeeperException e) {
            // cannot look inside: treat it as a database with data, which --clean alone may replace
            return false;
        }
    }

    private static boolean query(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    static PgKeeperException refusal(String target, String server) {
        return PgKeeperException.usage("database \"" + target + "\" already exists on " + server + "; nothing was changed",
                "pass --into NEWNAME to restore beside it, or --clean to replace it");
    }
}
