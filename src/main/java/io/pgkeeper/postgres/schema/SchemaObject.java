package io.pgkeeper.postgres.schema;

import io.pgkeeper.postgres.sql.SqlStatement;
import java.util.List;
import java.util.Locale;

/**
 * One entry of {@code pg_dump --schema-only} output: what its header comment names, and the
 * statements that follow it.
 *
 * @param type pg_dump's entry type: {@code TABLE}, {@code INDEX}, {@code FK CONSTRAINT}, {@code FUNCTION}, {@code ACL}...
 * @param schema the entry's schema, or {@code -}
 * @param name as pg_dump names it: {@code t}, {@code f(integer)}, {@code t t_pkey} for a constraint, {@code COLUMN t.c} for a comment
 * @param tablespace from the header, or empty
 * @param accessMethod the {@code default_table_access_method} pg_dump set before the entry, or empty
 */
public record SchemaObject(String type, String schema, String name, String owner, String tablespace, String accessMethod,
        List<SqlStatement> statements) {

    public SchemaObject {
        statements = List.copyOf(statements);
    }

    /** How the object is named in reports: {@code table public.orders}, {@code database app}. */
    public String key() {
        return type.toLowerCase(Locale.ROOT) + " " + qualifiedName();
    }

    public String qualifiedName() {
        return schema.equals("-") || schema.isEmpty() ? name : schema + "." + name;
    }

    /** Each statement's text with trailing spaces of its lines removed. */
    public List<String> texts() {
        return statements.stream().map(s -> SchemaObject.tidy(s.text())).toList();
    }

    static String tidy(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(line.stripTrailing());
        }
        return sb.toString();
    }

    SchemaObject withStatements(List<SqlStatement> replaced) {
        return new SchemaObject(type, schema, name, owner, tablespace, accessMethod, replaced);
    }
}
