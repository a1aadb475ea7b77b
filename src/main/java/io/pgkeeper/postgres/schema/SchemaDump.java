package io.pgkeeper.postgres.schema;

import io.pgkeeper.postgres.sql.SqlScript;
import io.pgkeeper.postgres.sql.SqlStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output of {@code pg_dump --schema-only} (with or without {@code --create}) split into the
 * objects its header comments name. Statements that only set up pg_dump's session ({@code SET
 * statement_timeout}, {@code set_config('search_path')}) and psql meta-commands ({@code \connect},
 * {@code \restrict} with its random key) belong to no object and are dropped. Pure.
 */
public final class SchemaDump {
    private static final Pattern HEADER = Pattern.compile(
            "^-- (?:Data for )?Name: (.*); Type: ([A-Z][A-Z ]*); Schema: (.*?); Owner: (.*?)(?:; Tablespace: (.*))?$");

    private final Map<String, SchemaObject> objects;

    private SchemaDump(Map<String, SchemaObject> objects) {
        this.objects = objects;
    }

    public static SchemaDump parse(String sql) {
        Map<String, SchemaObject> out = new LinkedHashMap<>();
        SchemaObject current = null;
        List<SqlStatement> statements = new ArrayList<>();
        String accessMethod = "";
        for (SqlStatement st : SqlScript.statements(sql)) {
            Matcher header = header(st.commentsBefore());
            if (header != null) {
                add(out, current, statements);
                current = new SchemaObject(header.group(2).strip(), header.group(3), header.group(1), header.group(4),
                        header.group(5) == null ? "" : header.group(5), accessMethod, List.of());
                statements = new ArrayList<>();
            }
            if (st.startsWith("SET", "default_table_access_method")) {
                accessMethod = st.size() > 3 ? st.token(3).value() : "";
                continue;
            }
            if (isSessionSetup(st) || current == null) {
                continue;
            }
            statements.add(st);
        }
        add(out, current, statements);
        return new SchemaDump(out);
    }

    /** By {@link SchemaObject#key()}, in the dump's order. */
    public Map<String, SchemaObject> objects() {
        return objects;
    }

    private static void add(Map<String, SchemaObject> out, SchemaObject current, List<SqlStatement> statements) {
        if (current == null) {
            return;
        }
        SchemaObject obj = current.withStatements(statements);
        // two entries under one name (rare: pg_dump names some by table and column) keep both, in order
        out.merge(obj.key(), obj, (a, b) -> {
            List<SqlStatement> both = new ArrayList<>(a.statements());
            both.addAll(b.statements());
            return a.withStatements(both);
        });
    }

    private static Matcher header(List<String> comments) {
        Matcher found = null;
        for (String c : comments) {
            Matcher m = HEADER.matcher(c.stripTrailing());
            if (m.matches()) {
                found = m;
            }
        }
        return found;
    }

    static boolean isSessionSetup(SqlStatement st) {
        // SET default_tablespace repeats what the header's Tablespace says
        return st.startsWith("SET") || st.startsWith("RESET")
                || st.startsWith("SELECT") && st.text().startsWith("SELECT pg_catalog.set_config(");
    }
}
