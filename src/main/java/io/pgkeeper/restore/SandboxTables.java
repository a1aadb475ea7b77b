package io.pgkeeper.restore;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.Catalog;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Shapes the recovered sandbox's database so that its dump holds the named tables and nothing
 * that could reach into the live server's other objects. The sandbox is a throwaway copy, so this
 * is done there, with the server's own DDL, rather than by editing a dump: each named table comes
 * with its partitions and inheritance children; a link to a table that is not restored (a
 * foreign key to it, the parent of a named partition or child) is cut, and said so; then either
 * the tables move into the staging schema that is dumped alone (into an existing database), or
 * every other table is dropped and the whole database is dumped (into a new one).
 */
final class SandboxTables {
    /** Drops per statement: each dropped table holds a lock until its transaction ends. */
    private static final int DROP_BATCH = 200;

    /**
     * @param tables the tables in the sandbox as they are dumped, with the name each had at the target
     */
    record Shaped(Map<TableName, TableName> tables, List<String> warnings) {}

    private final Connection c;
    private final String database;
    private final List<String> warnings = new ArrayList<>();

    SandboxTables(Connection c, String database) {
        this.c = c;
        this.database = database;
    }

    /** Into an existing database: the tables, with what belongs to them, move into {@code staging}, which is dumped alone. */
    Shaped intoSchema(List<TableName> named, String staging, String comment) throws SQLException {
        Map<Long, TableName> set = resolve(named);
        cutLinks(set);
        String owner = one("SELECT pg_get_userbyid(n.nspowner) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = "
                + set.keySet().iterator().next());
        execute("CREATE SCHEMA " + Catalog.ident(staging) + " AUTHORIZATION " + Catalog.ident(owner));
        execute("COMMENT ON SCHEMA " + Catalog.ident(staging) + " IS " + Catalog.literal(comment));
        Map<TableName, TableName> out = new LinkedHashMap<>();
        for (Map.Entry<Long, TableName> t : set.entrySet()) {
            execute("ALTER TABLE " + t.getValue().sql() + " SET SCHEMA " + Catalog.ident(staging));
            out.put(new TableName(staging, t.getValue().name()), t.getValue());
        }
        // extended statistics live in a schema of their own choosing; they belong with their table
        for (String stats : column("SELECT format('%I.%I', n.nspname, s.stxname) FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace"
                + " WHERE s.stxrelid = ANY(" + oids(set) + ") AND n.nspname <> " + Catalog.literal(staging))) {
            execute("ALTER STATISTICS " + stats + " SET SCHEMA " + Catalog.ident(staging));
        }
        return new Shaped(out, List.copyOf(warnings));
    }

    /** Into a new database: every other table goes, so the whole database (schemas, types, functions) is dumped with these alone. */
    Shaped alone(List<TableName> named) throws SQLException {
        Map<Long, TableName> set = resolve(named);
        cutLinks(set);
        String in = oids(set);
        // a sequence an outside table owns but a restored column's default uses would go with that table, and the default with it
        for (String seq : column("SELECT DISTINCT format('%I.%I', sn.nspname, s.relname) FROM pg_attrdef ad"
                + " JOIN pg_depend d ON d.classid = 'pg_attrdef'::regclass AND d.objid = ad.oid AND d.refclassid = 'pg_class'::regclass"
                + " JOIN pg_class s ON s.oid = d.refobjid AND s.relkind = 'S' JOIN pg_namespace sn ON sn.oid = s.relnamespace"
                + " JOIN pg_depend o ON o.classid = 'pg_class'::regclass AND o.objid = s.oid AND o.deptype = 'a' AND o.refclassid = 'pg_class'::regclass"
                + " WHERE ad.adrelid = ANY(" + in + ") AND NOT o.refobjid = ANY(" + in + ")")) {
            execute("ALTER SEQUENCE " + seq + " OWNED BY NONE");
        }
        List<String> outside = column("SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'p', 'f') AND NOT c.oid = ANY(" + in + ") AND NOT c.relispartition" + USER_SCHEMAS + NOT_EXTENSION + " ORDER BY 1");
        for (String lost : column("SELECT DISTINCT pg_describe_object(d.classid, d.objid, d.objsubid) FROM pg_depend d"
                + " WHERE d.refclassid = 'pg_class'::regclass AND d.deptype = 'n'"
                + " AND d.refobjid IN (SELECT oid FROM pg_class WHERE relkind IN ('r', 'p', 'f') AND NOT oid = ANY(" + in + "))"
                + " AND ((d.classid = 'pg_policy'::regclass AND (SELECT polrelid FROM pg_policy WHERE oid = d.objid) = ANY(" + in + "))"
                + " OR (d.classid = 'pg_rewrite'::regclass AND (SELECT ev_class FROM pg_rewrite WHERE oid = d.objid) = ANY(" + in + "))"
                + " OR (d.classid = 'pg_trigger'::regclass AND (SELECT tgrelid FROM pg_trigger WHERE oid = d.objid) = ANY(" + in + ")))"
                + " ORDER BY 1")) {
            warnings.add(lost + " uses a table that is not restored: it was left out");
        }
        for (int i = 0; i < outside.size(); i += DROP_BATCH) {
            execute("DROP TABLE IF EXISTS " + String.join(", ", outside.subList(i, Math.min(outside.size(), i + DROP_BATCH))) + " CASCADE");
        }
        Map<TableName, TableName> out = new LinkedHashMap<>();
        set.values().forEach(t -> out.put(t, t));
        return new Shaped(out, List.copyOf(warnings));
    }

    private static final String USER_SCHEMAS = " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'";
    private static final String NOT_EXTENSION = " AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass"
            + " AND e.objid = c.oid AND e.deptype = 'e')";

    /** The named tables, each a table or partitioned table as of the target, and every partition and inheritance child below them. */
    private Map<Long, TableName> resolve(List<TableName> named) throws SQLException {
        Map<Long, TableName> set = new LinkedHashMap<>();
        for (TableName t : named) {
            List<String> row = row("SELECT c.oid, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = "
                    + Catalog.literal(t.schema()) + " AND c.relname = " + Catalog.literal(t.name()));
            if (row.isEmpty()) {
                List<String> like = column("SELECT format('%s.%s', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE c.relkind IN ('r', 'p') AND (lower(c.relname) = lower(" + Catalog.literal(t.name()) + ") OR lower(n.nspname) = lower("
                        + Catalog.literal(t.schema()) + "))" + USER_SCHEMAS + " ORDER BY 1 LIMIT 8");
                throw PgKeeperException.usage("table " + t + " did not exist in database \"" + database + "\" at the recovery target; nothing was changed",
                        like.isEmpty() ? "check the name (schema.name, as SQL writes it), or choose another --target-*"
                                : "tables with a similar name at the target: " + String.join(", ", like));
            }
            if (!row.get(1).equals("r") && !row.get(1).equals("p")) {
                throw PgKeeperException.usage(t + " is not a table (relkind " + row.get(1) + "); nothing was changed", "name tables only with --table");
            }
            set.put(Long.parseLong(row.get(0)), t);
        }
        String descendants = "WITH RECURSIVE d(oid) AS (SELECT inhrelid FROM pg_inherits WHERE inhparent = ANY(" + oids(set) + ")"
                + " UNION SELECT i.inhrelid FROM pg_inherits i JOIN d ON i.inhparent = d.oid)"
                + " SELECT c.oid, n.nspname, c.relname FROM d JOIN pg_class c ON c.oid = d.oid JOIN pg_namespace n ON n.oid = c.relnamespace ORDER BY 2, 3";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(descendants)) {
            while (rs.next()) {
                set.putIfAbsent(rs.getLong(1), new TableName(rs.getString(2), rs.getString(3)));
            }
        }
        return set;
    }

    /** What ties a restored table to one that is not: a parent outside the set, a foreign key to a table outside it. */
    private void cutLinks(Map<Long, TableName> set) throws SQLException {
        String in = oids(set);
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT format('%I.%I', cn.nspname, c.relname), format('%I.%I', pn.nspname,"
                + " p.relname), c.relispartition, c.relname, p.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " JOIN pg_namespace cn ON cn.oid = c.relnamespace JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace"
                + " WHERE i.inhrelid = ANY(" + in + ") AND NOT i.inhparent = ANY(" + in + ")")) {
            List<String[]> links = new ArrayList<>();
            while (rs.next()) {
                links.add(new String[] {rs.getString(1), rs.getString(2), Boolean.toString(rs.getBoolean(3))});
            }
            for (String[] l : links) {
                execute(Boolean.parseBoolean(l[2]) ? "ALTER TABLE " + l[1] + " DETACH PARTITION " + l[0] : "ALTER TABLE " + l[0] + " NO INHERIT " + l[1]);
                warnings.add(l[0] + " was a " + (Boolean.parseBoolean(l[2]) ? "partition" : "child") + " of " + l[1]
                        + ", which is not restored: it comes back as a table of its own");
            }
        }
        List<String[]> keys = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT format('%I.%I', n.nspname, t.relname), format('%I', k.conname),"
                + " format('%I.%I', fn.nspname, f.relname) FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace"
                + " JOIN pg_class f ON f.oid = k.confrelid JOIN pg_namespace fn ON fn.oid = f.relnamespace WHERE k.contype = 'f' AND k.conparentid = 0"
                + " AND k.conrelid = ANY(" + in + ") AND NOT k.confrelid = ANY(" + in + ") ORDER BY 1, 2")) {
            while (rs.next()) {
                keys.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        for (String[] k : keys) {
            execute("ALTER TABLE " + k[0] + " DROP CONSTRAINT " + k[1]);
            warnings.add("foreign key " + k[1] + " of " + k[0] + " references " + k[2] + ", which is not restored: it was left out");
        }
    }

    private static String oids(Map<Long, TableName> set) {
        return "ARRAY[" + set.keySet().stream().map(String::valueOf).collect(Collectors.joining(",")) + "]::oid[]";
    }

    private void execute(String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private String one(String sql) throws SQLException {
        List<String> r = row(sql);
        return r.isEmpty() ? null : r.get(0);
    }

    private List<String> row(String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            if (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    out.add(rs.getString(i));
                }
            }
            return out;
        }
    }

    private List<String> column(String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
