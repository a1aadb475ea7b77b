package io.pgkeeper.postgres.schema;

import io.pgkeeper.postgres.sql.SqlStatement;
import io.pgkeeper.postgres.sql.Token;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code CREATE TABLE} statement as pg_dump writes it, split into what comes before the
 * parenthesised list, its columns and inline constraints, and what follows ({@code INHERITS},
 * {@code PARTITION BY}, {@code WITH (...)}, {@code SERVER}). Pure.
 *
 * @param columns column name to its definition, in the order written
 * @param constraints inline constraint name to its definition, in the order written
 */
public record TableDefinition(String head, Map<String, String> columns, Map<String, String> constraints, String tail) {

    /** Empty when the statement is not a CREATE TABLE with a column list. */
    public static Optional<TableDefinition> parse(SqlStatement st) {
        if (!st.startsWith("CREATE") || st.indexOf("TABLE", 1) < 0 || st.indexOf("TABLE", 1) > 3) {
            return Optional.empty();
        }
        int open = -1;
        for (int k = 0; k < st.size(); k++) {
            if (st.token(k).isSymbol('(')) {
                open = k;
                break;
            }
        }
        if (open < 0) {
            return Optional.empty();
        }
        Map<String, String> columns = new LinkedHashMap<>();
        Map<String, String> constraints = new LinkedHashMap<>();
        int depth = 0;
        int elementStart = open + 1;
        int close = -1;
        for (int k = open; k < st.size() && close < 0; k++) {
            Token t = st.token(k);
            if (t.isSymbol('(')) {
                depth++;
            } else if (t.isSymbol(')')) {
                depth--;
                if (depth == 0) {
                    element(st, elementStart, k, columns, constraints);
                    close = k;
                }
            } else if (depth == 1 && t.isSymbol(',')) {
                element(st, elementStart, k, columns, constraints);
                elementStart = k + 1;
            }
        }
        if (close < 0) {
            return Optional.empty();
        }
        String text = st.text();
        String head = SchemaObject.tidy(text.substring(0, st.token(open).start()).strip());
        String tail = SchemaObject.tidy(text.substring(st.token(close).end()).strip());
        return Optional.of(new TableDefinition(head, columns, constraints, tail));
    }

    /** Whether the table is an inheritance child: pg_dump writes {@code INHERITS (parent)} after the list. */
    public boolean inherits() {
        return tail.startsWith("INHERITS") || tail.contains("\nINHERITS");
    }

    private static void element(SqlStatement st, int from, int to, Map<String, String> columns, Map<String, String> constraints) {
        if (from >= to) {
            return;
        }
        String def = SchemaObject.tidy(st.text().substring(st.token(from).start(), st.token(to - 1).end()).strip());
        Token first = st.token(from);
        // CONSTRAINT is a reserved word: a column of that name is always quoted
        if (first.is("CONSTRAINT") && from + 1 < to) {
            constraints.put(st.token(from + 1).value(), def);
        } else if (first.is("CHECK") || first.is("UNIQUE") || first.is("PRIMARY") || first.is("FOREIGN") || first.is("LIKE")) {
            constraints.put(def, def);
        } else {
            columns.put(first.value(), def);
        }
    }

    public List<String> columnOrder() {
        return new ArrayList<>(columns.keySet());
    }
}
