package io.pgkeeper.postgres.schema;

import io.pgkeeper.postgres.sql.SqlStatement;
import io.pgkeeper.postgres.sql.Token;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares two schemas as pg_dump prints them, object by object, and names what differs: a
 * table, a column, an inline constraint, an index, a function... Differences pg_dump itself
 * makes on a faithful round trip are reported as known effects ({@link RoundTripEffects}).
 * Objects are matched by type and name, never by position, because a restored database may
 * list objects of equal rank in another order. Pure.
 */
public final class SchemaComparison {

    /**
     * @param ignoreTablespaces a copy restored without tablespaces (a sandbox) is compared without them
     * @param ignoreOwnership a copy restored without the backup's roles is compared without owners,
     *     privileges and role-in-database settings
     */
    public record Options(boolean ignoreTablespaces, boolean ignoreOwnership) {
        public static final Options EXACT = new Options(false, false);
    }

    /** @param differences real ones and known effects alike, in the recorded dump's order */
    public record Result(List<SchemaDifference> differences) {
        public Result {
            differences = List.copyOf(differences);
        }

        public List<SchemaDifference> real() {
            return differences.stream().filter(d -> !d.known()).toList();
        }

        public List<SchemaDifference> known() {
            return differences.stream().filter(SchemaDifference::known).toList();
        }

        public boolean same() {
            return real().isEmpty();
        }
    }

    private SchemaComparison() {}

    public static Result compare(String recordedSql, String restoredSql, Options options) {
        return compare(SchemaDump.parse(recordedSql), SchemaDump.parse(restoredSql), options);
    }

    public static Result compare(SchemaDump recorded, SchemaDump restored, Options options) {
        Map<String, SchemaObject> before = filtered(recorded, options);
        Map<String, SchemaObject> after = filtered(restored, options);
        List<SchemaDifference> out = new ArrayList<>();
        for (SchemaObject r : before.values()) {
            SchemaObject a = after.remove(r.key());
            String kind = kind(r);
            if (a == null) {
                out.add(new SchemaDifference(kind, r.qualifiedName(), String.join(";\n", r.texts()), null, null));
            } else {
                compareObject(r, a, options, out);
            }
        }
        for (SchemaObject a : after.values()) {
            out.add(new SchemaDifference(kind(a), a.qualifiedName(), null, String.join(";\n", a.texts()), null));
        }
        return new Result(out);
    }

    private static void compareObject(SchemaObject r, SchemaObject a, Options options, List<SchemaDifference> out) {
        String kind = kind(r);
        if (!options.ignoreTablespaces() && !r.tablespace().equals(a.tablespace())) {
            out.add(new SchemaDifference(kind, r.qualifiedName(), "tablespace " + r.tablespace(), "tablespace " + a.tablespace(), null));
        }
        if (!r.accessMethod().equals(a.accessMethod()) && r.type().equals("TABLE")) {
            out.add(new SchemaDifference(kind, r.qualifiedName(), "access method " + r.accessMethod(), "access method " + a.accessMethod(), null));
        }
        List<SqlStatement> rs = r.statements();
        List<SqlStatement> as = a.statements();
        int from = 0;
        if (!rs.isEmpty() && !as.isEmpty()) {
            Optional<TableDefinition> rt = TableDefinition.parse(rs.get(0));
            Optional<TableDefinition> at = TableDefinition.parse(as.get(0));
            if (rt.isPresent() && at.isPresent()) {
                compareTable(r.qualifiedName(), kind, rt.get(), at.get(), out);
                from = 1;
            }
        }
        List<String> rest = texts(rs, from, options, r);
        List<String> restAfter = texts(as, from, options, a);
        if (!rest.equals(restAfter)) {
            int i = 0;
            while (i < Math.min(rest.size(), restAfter.size()) && rest.get(i).equals(restAfter.get(i))) {
                i++;
            }
            out.add(new SchemaDifference(kind, r.qualifiedName(), i < rest.size() ? rest.get(i) : "(nothing more)",
                    i < restAfter.size() ? restAfter.get(i) : "(nothing more)", null));
        }
    }

    private static void compareTable(String table, String kind, TableDefinition r, TableDefinition a, List<SchemaDifference> out) {
        if (!r.head().equals(a.head()) || !r.tail().equals(a.tail())) {
            out.add(new SchemaDifference(kind, table, (r.head() + " (...) " + r.tail()).strip(), (a.head() + " (...) " + a.tail()).strip(), null));
        }
        elements("column", table, r.columns(), a.columns(), out);
        elements("constraint", table, r.constraints(), a.constraints(), out);
        if (r.columns().equals(a.columns()) && !r.columnOrder().equals(a.columnOrder())) {
            out.add(new SchemaDifference("column order", table, String.join(", ", r.columnOrder()), String.join(", ", a.columnOrder()),
                    RoundTripEffects.columnOrder(r, a).orElse(null)));
        }
    }

    private static void elements(String kind, String table, Map<String, String> r, Map<String, String> a, List<SchemaDifference> out) {
        Map<String, String> left = new LinkedHashMap<>(a);
        r.forEach((name, def) -> {
            String now = left.remove(name);
            if (!Objects.equals(def, now)) {
                out.add(new SchemaDifference(kind, table + "." + name, def, now, null));
            }
        });
        left.forEach((name, def) -> out.add(new SchemaDifference(kind, table + "." + name, null, def, null)));
    }

    private static List<String> texts(List<SqlStatement> statements, int from, Options options, SchemaObject owner) {
        List<String> out = new ArrayList<>();
        for (SqlStatement st : statements.subList(Math.min(from, statements.size()), statements.size())) {
            if (options.ignoreOwnership() && (isOwnerChange(st) || st.startsWith("ALTER", "ROLE"))) {
                continue;
            }
            String text = SchemaObject.tidy(st.text());
            if (options.ignoreTablespaces() && owner.type().equals("DATABASE") && st.startsWith("CREATE", "DATABASE")) {
                text = withoutTablespace(st);
            }
            out.add(text);
        }
        return out;
    }

    private static Map<String, SchemaObject> filtered(SchemaDump dump, Options options) {
        Map<String, SchemaObject> out = new LinkedHashMap<>();
        dump.objects().forEach((key, obj) -> {
            if (options.ignoreOwnership() && (obj.type().equals("ACL") || obj.type().equals("DEFAULT ACL"))) {
                return;
            }
            out.put(key, obj);
        });
        return out;
    }

    /** {@code ALTER <anything> OWNER TO role}: the last three tokens. */
    private static boolean isOwnerChange(SqlStatement st) {
        int n = st.size();
        return st.startsWith("ALTER") && n >= 4 && st.token(n - 3).is("OWNER") && st.token(n - 2).is("TO");
    }

    private static String withoutTablespace(SqlStatement st) {
        int k = st.indexOf("TABLESPACE", 3);
        if (k < 0 || k + 2 >= st.size() || !st.token(k + 1).isSymbol('=')) {
            return SchemaObject.tidy(st.text());
        }
        Token value = st.token(k + 2);
        String text = st.text();
        return SchemaObject.tidy((text.substring(0, st.token(k).start()).stripTrailing() + text.substring(value.end())).strip());
    }

    /** The report's word for an object: its pg_dump type in lower case. */
    private static String kind(SchemaObject o) {
        return o.type().toLowerCase(java.util.Locale.ROOT);
    }
}
