package io.pgkeeper.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.process.SystemProcessRunner;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.process.ToolResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Independent judges of a restored copy, built from PostgreSQL's own tools and catalogs rather
 * than from pgkeeper's code: pg_dump's text, row checksums, the database's catalog row, and
 * pg_amcheck.
 */
public final class Oracle {
    private Oracle() {}

    /** pg_dump's text without psql meta-commands ({@code \restrict} carries a random key) and comments. */
    public static String pgDump(TestCluster pg, String database, String... options) {
        PgTools tools = TestCluster.serverTools();
        List<String> argv = new ArrayList<>(List.of(tools.bin("pg_dump"), "--no-password"));
        argv.addAll(List.of(options));
        argv.add("--dbname=dbname='" + database.replace("\\", "\\\\").replace("'", "\\'") + "'");
        ToolResult r = Processes.runner().run(ToolCall.of("pg_dump", argv, env(pg), Duration.ofMinutes(5))
                .withStdout(ToolCall.Stdout.capture()));
        r.orThrow("pg_dump " + database, null);
        return strip(r.stdout());
    }

    /** pg_dumpall of the whole cluster: roles with their password hashes, every database with its properties. */
    public static String pgDumpAll(TestCluster pg) {
        PgTools tools = TestCluster.serverTools();
        ToolResult r = Processes.runner().run(ToolCall.of("pg_dumpall", List.of(tools.bin("pg_dumpall"), "--no-password",
                "--dbname=dbname=postgres"), env(pg), Duration.ofMinutes(5)).withStdout(ToolCall.Stdout.capture()));
        r.orThrow("pg_dumpall", null);
        return strip(r.stdout());
    }

    static String strip(String sql) {
        StringBuilder sb = new StringBuilder();
        for (String line : sql.split("\n", -1)) {
            if (line.startsWith("\\restrict") || line.startsWith("\\unrestrict") || line.startsWith("--")) {
                continue;
            }
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    /**
     * Per table: row count and md5 of its rows with the columns in name order (an inheritance
     * child's column order may differ after a faithful restore); large objects; sequences.
     */
    public static Map<String, String> data(TestCluster pg, String database) {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = pg.connect(database); Statement st = c.createStatement()) {
            Map<String, String> queries = new LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery("SELECT format('%I.%I', n.nspname, c.relname), 'SELECT count(*) || '':'' || coalesce(md5(string_agg(r, '','' ORDER BY r)), ''-'') FROM (SELECT ROW('"
                    + " || string_agg(format('%I', a.attname), ', ' ORDER BY a.attname) || ')::text AS r FROM ONLY ' || format('%I.%I', n.nspname, c.relname) || ') t'"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
                    + " WHERE c.relkind IN ('r', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'"
                    + " GROUP BY n.nspname, c.relname ORDER BY 1")) {
                while (rs.next()) {
                    queries.put(rs.getString(1), rs.getString(2));
                }
            }
            for (Map.Entry<String, String> q : queries.entrySet()) {
                try (ResultSet rs = st.executeQuery(q.getValue())) {
                    rs.next();
                    out.put(q.getKey(), rs.getString(1));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT coalesce(string_agg(m.oid || '=' || md5(lo_get(m.oid)), '; ' ORDER BY m.oid), '-')"
                    + " FROM pg_largeobject_metadata m")) {
                rs.next();
                out.put("large objects", rs.getString(1));
            }
            try (ResultSet rs = st.executeQuery("SELECT coalesce(string_agg(schemaname || '.' || sequencename || '=' || coalesce(last_value::text, 'unused'),"
                    + " '; ' ORDER BY 1), '-') FROM pg_sequences")) {
                rs.next();
                out.put("sequences", rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /**
     * The database's own catalog entry, as it bears on who may connect and how text sorts:
     * encoding, locales, owner, connection limit, effective ACL, comment, settings, role settings.
     */
    public static Map<String, String> databaseProperties(TestCluster pg, String database) {
        // to_jsonb: the locale columns were renamed in PostgreSQL 17 (daticulocale became datlocale)
        String sql = "SELECT pg_encoding_to_char(d.encoding), coalesce(to_jsonb(d)->>'datlocprovider', 'c'),"
                + " coalesce(to_jsonb(d)->>'datlocale', to_jsonb(d)->>'daticulocale', '-'), d.datcollate, d.datctype,"
                + " pg_get_userbyid(d.datdba), d.datconnlimit, d.datistemplate,"
                + " (SELECT string_agg(a::text, ',' ORDER BY a::text) FROM unnest(coalesce(d.datacl, acldefault('d', d.datdba))) a),"
                + " coalesce(shobj_description(d.oid, 'pg_database'), '-'),"
                + " (SELECT coalesce(string_agg(coalesce(r.rolname, '*') || ':' || array_to_string(s.setconfig, ','), ';' ORDER BY 1), '-')"
                + "   FROM pg_db_role_setting s LEFT JOIN pg_roles r ON r.oid = s.setrole WHERE s.setdatabase = d.oid),"
                + " (SELECT spcname FROM pg_tablespace t WHERE t.oid = d.dattablespace)"
                + " FROM pg_database d WHERE d.datname = '" + database.replace("'", "''") + "'";
        String[] names = {"encoding", "provider", "icuLocale", "collate", "ctype", "owner", "connectionLimit", "template", "acl",
                "comment", "settings", "tablespace"};
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = pg.connect("postgres"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), "database " + database + " exists");
            for (int i = 0; i < names.length; i++) {
                out.put(names[i], rs.getString(i + 1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** pg_amcheck --heapallindexed over the database (a plain name: it is a pattern; amcheck is installed into it: run it last). */
    public static void amcheck(TestCluster pg, String database) {
        PgTools tools = TestCluster.serverTools();
        ToolResult r = Processes.runner().run(ToolCall.of("pg_amcheck", List.of(tools.bin("pg_amcheck"), "--no-password",
                "--install-missing", "--heapallindexed", "--parent-check", "--database=" + database),
                env(pg), Duration.ofMinutes(5)).withStdout(ToolCall.Stdout.capture()));
        assertEquals(0, r.exitCode(), () -> "pg_amcheck " + database + ":\n" + r.stdout() + String.join("\n", r.stderrTail()));
    }

    private static Map<String, String> env(TestCluster pg) {
        return Map.of("PGHOST", pg.host(), "PGPORT", Integer.toString(pg.port()), "PGUSER", "postgres");
    }
}
