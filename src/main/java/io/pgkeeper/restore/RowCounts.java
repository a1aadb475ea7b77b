package io.pgkeeper.restore;

import io.pgkeeper.error.PgKeeperException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows of each table, counted with {@code ONLY} so that a partition or inheritance child counts
 * as itself: once in the recovered sandbox before the dump, once in the restored copy before it
 * takes its name. The two must agree; what pg_restore reports as success is checked, not trusted.
 */
final class RowCounts {
    private RowCounts() {}

    /**
     * The ordinary tables of a database that a dump restores, not those an extension owns (CREATE
     * EXTENSION fills them, not the dump).
     */
    static List<TableName> tables(Connection c) throws SQLException {
        List<TableName> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT n.nspname, c.relname FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                + " AND n.nspname NOT LIKE 'pg\\_toast%' AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass"
                + " AND e.objid = c.oid AND e.deptype = 'e') ORDER BY 1, 2")) {
            while (rs.next()) {
                out.add(new TableName(rs.getString(1), rs.getString(2)));
            }
        }
        return out;
    }

    /** Only ordinary tables hold rows: a partitioned table's are its partitions'. */
    static Map<TableName, Long> count(Connection c, List<TableName> tables) throws SQLException {
        Map<TableName, Long> out = new LinkedHashMap<>();
        try (Statement st = c.createStatement()) {
            for (TableName t : tables) {
                String kind;
                try (ResultSet rs = st.executeQuery("SELECT relkind FROM pg_class WHERE oid = to_regclass(" + io.pgkeeper.postgres.Catalog.literal(t.sql())
                        + ")")) {
                    kind = rs.next() ? rs.getString(1) : null;
                }
                if (kind == null) {
                    throw PgKeeperException.failed("table " + t + " is missing from the restored copy", "please report this as a pgkeeper bug");
                }
                if (!kind.equals("r")) {
                    continue;
                }
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ONLY " + t.sql())) {
                    rs.next();
                    out.put(t, rs.getLong(1));
                }
            }
        }
        return out;
    }

    /** Unlogged tables among {@code tables}: recovery empties them by design. */
    static List<TableName> unlogged(Connection c, List<TableName> tables) throws SQLException {
        List<TableName> out = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            for (TableName t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT relpersistence = 'u' FROM pg_class WHERE oid = to_regclass("
                        + io.pgkeeper.postgres.Catalog.literal(t.sql()) + ")")) {
                    if (rs.next() && rs.getBoolean(1)) {
                        out.add(t);
                    }
                }
            }
        }
        return out;
    }

    /** Every table of the source must be there with as many rows; the message names each that is not. */
    static void requireSame(Map<TableName, Long> source, Map<TableName, Long> restored, String what) {
        List<String> differ = new ArrayList<>();
        source.forEach((t, n) -> {
            Long got = restored.get(t);
            if (!n.equals(got)) {
                differ.add(t + ": " + n + " row(s) in the recovered sandbox, " + (got == null ? "missing" : got + " restored"));
            }
        });
        if (!differ.isEmpty()) {
            throw PgKeeperException.failed(what + " differs from the recovered sandbox; nothing was changed:\n  " + String.join("\n  ", differ),
                    "please report this as a pgkeeper bug, with the log of this run (--verbose)");
        }
    }
}
