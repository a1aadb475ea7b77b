package io.pgkeeper.restore;

import io.pgkeeper.postgres.sql.SqlScript;
import io.pgkeeper.postgres.sql.SqlStatement;
import io.pgkeeper.postgres.sql.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the SQL that {@code pg_restore --create --schema-only} prints for a dump's DATABASE,
 * DATABASE PROPERTIES, and the database's COMMENT, ACL and SECURITY LABEL entries. Pure.
 * Statements are recognised by shape and their database name is located by position, never by
 * searching the text: a role may be called {@code database}, a comment may quote the name.
 * A statement of any other shape is refused rather than guessed at.
 */
public final class DatabasePropertiesParser {
    private DatabasePropertiesParser() {}

    /**
     * @param fallbackName the name from the archive's header, for a dump without CREATE DATABASE
     * @throws IllegalArgumentException naming the statement that is not understood
     */
    public static DatabaseProperties parse(String sql, String fallbackName) {
        String name = null;
        List<DatabaseProperties.CreateOption> options = new ArrayList<>();
        String owner = null;
        List<PropertyStatement> out = new ArrayList<>();
        for (SqlStatement st : SqlScript.statements(sql)) {
            if (isSessionSetup(st)) {
                continue;
            }
            if (st.startsWith("CREATE", "DATABASE")) {
                name = ident(st, 2);
                options.addAll(createOptions(st));
                continue;
            }
            if (name == null) {
                name = fallbackName;
            }
            if (st.startsWith("SET", "SESSION", "AUTHORIZATION")) {
                out.add(new PropertyStatement(PropertyStatement.Kind.SESSION, st, -1, List.of(ident(st, 3))));
            } else if (st.startsWith("RESET", "SESSION", "AUTHORIZATION")) {
                out.add(new PropertyStatement(PropertyStatement.Kind.SESSION, st, -1, List.of()));
            } else if (st.startsWith("ALTER", "DATABASE")) {
                expectName(st, 2, name);
                if (st.size() > 5 && st.token(3).is("OWNER") && st.token(4).is("TO")) {
                    owner = ident(st, 5);
                } else {
                    out.add(new PropertyStatement(alterKind(st), st, 2, List.of()));
                }
            } else if (st.startsWith("ALTER", "ROLE") && st.size() > 5 && st.token(3).is("IN") && st.token(4).is("DATABASE")) {
                expectName(st, 5, name);
                out.add(new PropertyStatement(PropertyStatement.Kind.ROLE_SETTING, st, 5, List.of(ident(st, 2))));
            } else if (st.startsWith("COMMENT", "ON", "DATABASE")) {
                expectName(st, 3, name);
                out.add(new PropertyStatement(PropertyStatement.Kind.COMMENT, st, 3, List.of()));
            } else if (st.startsWith("SECURITY", "LABEL")) {
                int on = st.indexOf("ON", 2);
                requireDatabaseAt(st, on + 1);
                expectName(st, on + 2, name);
                out.add(new PropertyStatement(PropertyStatement.Kind.SECURITY_LABEL, st, on + 2, List.of()));
            } else if (st.startsWith("GRANT") || st.startsWith("REVOKE")) {
                // privileges on a database are keywords only, so the first ON starts the object
                int on = st.indexOf("ON", 1);
                requireDatabaseAt(st, on + 1);
                expectName(st, on + 2, name);
                int list = st.indexOf(st.startsWith("GRANT") ? "TO" : "FROM", on + 3);
                out.add(new PropertyStatement(PropertyStatement.Kind.ACL, st, on + 2, grantees(st, list + 1)));
            } else {
                throw unexpected(st);
            }
        }
        if (name == null) {
            name = fallbackName;
        }
        return new DatabaseProperties(name, options, Optional.ofNullable(owner), out);
    }

    private static boolean isSessionSetup(SqlStatement st) {
        return (st.startsWith("SET") && !st.startsWith("SET", "SESSION", "AUTHORIZATION"))
                || (st.startsWith("SELECT") && st.text().startsWith("SELECT pg_catalog.set_config("));
    }

    private static PropertyStatement.Kind alterKind(SqlStatement st) {
        Token t = st.size() > 3 ? st.token(3) : null;
        if (t != null && t.is("CONNECTION")) {
            return PropertyStatement.Kind.CONNECTION_LIMIT;
        }
        if (t != null && (t.is("SET") || t.is("RESET"))) {
            return PropertyStatement.Kind.SETTING;
        }
        if (t != null && t.is("IS_TEMPLATE")) {
            return PropertyStatement.Kind.TEMPLATE;
        }
        if (t != null && t.is("ALLOW_CONNECTIONS")) {
            return PropertyStatement.Kind.ALLOW_CONNECTIONS;
        }
        throw unexpected(st);
    }

    /** {@code KEY = value} pairs after the name (and an optional WITH). */
    private static List<DatabaseProperties.CreateOption> createOptions(SqlStatement st) {
        List<DatabaseProperties.CreateOption> out = new ArrayList<>();
        int k = 3;
        if (k < st.size() && st.token(k).is("WITH")) {
            k++;
        }
        while (k < st.size()) {
            Token key = st.token(k++);
            if (key.type() != Token.Type.WORD) {
                throw unexpected(st);
            }
            if (k < st.size() && st.token(k).isSymbol('=')) {
                k++;
            }
            if (k >= st.size()) {
                throw unexpected(st);
            }
            int from = k;
            if (st.token(k).isSymbol('-')) {
                k++;
            }
            Token value = st.token(k++);
            String raw = st.text().substring(st.token(from).start(), value.end());
            String unquoted = (from == k - 2 ? "-" : "") + value.value();
            out.add(new DatabaseProperties.CreateOption(key.text().toUpperCase(Locale.ROOT), raw, unquoted));
        }
        return out;
    }

    /** Grantees after TO/FROM: a name always follows TO or a comma, whatever it is called. */
    private static List<String> grantees(SqlStatement st, int from) {
        List<String> out = new ArrayList<>();
        int k = from;
        while (k > 0 && k < st.size()) {
            Token t = st.token(k);
            if (!t.isIdentifier()) {
                throw unexpected(st);
            }
            if (!t.is("PUBLIC")) {
                out.add(t.value());
            }
            k++;
            if (k < st.size() && st.token(k).isSymbol(',')) {
                k++;
            } else {
                break;
            }
        }
        int by = st.indexOf("GRANTED", k);
        if (by > 0 && by + 2 < st.size() && st.token(by + 1).is("BY")) {
            out.add(st.token(by + 2).value());
        }
        return out;
    }

    private static void requireDatabaseAt(SqlStatement st, int k) {
        if (k < 1 || k >= st.size() || !st.token(k).is("DATABASE")) {
            throw unexpected(st);
        }
    }

    private static void expectName(SqlStatement st, int k, String name) {
        String found = ident(st, k);
        if (name != null && !found.equals(name)) {
            throw new IllegalArgumentException("a statement about database \"" + found + "\" in the properties of database \"" + name
                    + "\": " + firstWords(st));
        }
    }

    private static String ident(SqlStatement st, int k) {
        if (k >= st.size() || !st.token(k).isIdentifier()) {
            throw unexpected(st);
        }
        return st.token(k).value();
    }

    private static IllegalArgumentException unexpected(SqlStatement st) {
        return new IllegalArgumentException("unexpected statement among the database's properties: " + firstWords(st));
    }

    /** The statement's first words only: a setting's value may be a secret. */
    private static String firstWords(SqlStatement st) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < Math.min(4, st.size()); k++) {
            sb.append(k == 0 ? "" : " ").append(st.token(k).text());
        }
        return sb + (st.size() > 4 ? " ..." : "");
    }
}
