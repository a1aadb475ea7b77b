package io.pgkeeper.backup;

import io.pgkeeper.error.PgKeeperException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, before a snapshot is exported and pg_dump starts, that the backup role can read
 * everything pg_dump will read, and names what it cannot. Without it a missing privilege shows
 * as pg_dump's "could not import the requested snapshot" once the fingerprint's transaction has
 * failed, or as a failure halfway through a long dump. A superuser can read everything.
 */
final class ReadAccess {
    private static final int SHOWN = 10;
    /** Enough to name the problem; a database may hold millions of large objects. */
    private static final int LIMIT = 1000;

    private static final String UNREADABLE = "SELECT format('%s %I.%I', CASE c.relkind WHEN 'S' THEN 'sequence' ELSE 'table' END, n.nspname, c.relname),"
            + " CASE WHEN NOT has_schema_privilege(n.oid, 'USAGE') THEN 'no USAGE on its schema'"
            + " WHEN NOT has_table_privilege(c.oid, 'SELECT') THEN 'no SELECT privilege'"
            + " ELSE 'row-level security applies; the role needs BYPASSRLS' END"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.relkind IN ('r', 'p', 'S') AND c.relpersistence <> 't'"
            + " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'"
            + " AND (NOT has_schema_privilege(n.oid, 'USAGE') OR NOT has_table_privilege(c.oid, 'SELECT')"
            + "   OR (c.relrowsecurity AND NOT (SELECT rolbypassrls FROM pg_roles WHERE rolname = current_user)"
            + "       AND (c.relforcerowsecurity OR NOT pg_has_role(c.relowner, 'USAGE'))))"
            + " ORDER BY 1 LIMIT " + LIMIT;

    /** Large objects: PostgreSQL 15 has no has_largeobject_privilege, so the ACL is read as the server would. */
    private static final String UNREADABLE_LARGE_OBJECTS = "SELECT 'large object ' || m.oid, 'no SELECT privilege' FROM pg_largeobject_metadata m"
            + " WHERE NOT current_setting('lo_compat_privileges')::boolean AND NOT pg_has_role(m.lomowner, 'USAGE')"
            + " AND NOT EXISTS (SELECT 1 FROM aclexplode(m.lomacl) a WHERE a.privilege_type = 'SELECT'"
            + "   AND (a.grantee = 0 OR pg_has_role(a.grantee, 'USAGE')))"
            + " ORDER BY m.oid LIMIT " + LIMIT;

    private ReadAccess() {}

    static void check(Connection c, String database) {
        List<String> denied = new ArrayList<>();
        String role;
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")) {
                rs.next();
                role = rs.getString(1);
                if (rs.getBoolean(2)) {
                    return;
                }
            }
            collect(st, UNREADABLE, denied);
            collect(st, UNREADABLE_LARGE_OBJECTS, denied);
        } catch (SQLException e) {
            throw PgKeeperException.failed("cannot check what the backup role may read in database \"" + database + "\": " + e.getMessage(), null, e);
        }
        if (denied.isEmpty()) {
            return;
        }
        List<String> shown = denied.subList(0, Math.min(SHOWN, denied.size()));
        String count = denied.size() >= LIMIT ? "at least " + denied.size() : Integer.toString(denied.size());
        throw PgKeeperException.failed("dump of database \"" + database + "\" failed: the backup role \"" + role + "\" cannot read " + count
                + " object(s) of database \"" + database + "\"; nothing was dumped:\n  " + String.join("\n  ", shown) + (denied.size() > SHOWN ? "\n  ... and " + (denied.size() - SHOWN) + " more" : ""),
                "grant the role pg_read_all_data (PostgreSQL 14+) or SELECT on them, BYPASSRLS for tables with row-level security,"
                        + " SELECT on large objects; see docs/privileges.md");
    }

    private static void collect(Statement st, String sql, List<String> out) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1) + ": " + rs.getString(2));
            }
        }
    }
}
