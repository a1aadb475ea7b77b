package io.pgkeeper.restore;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.Catalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@code --table schema.name}, read as SQL reads it; pure. An unquoted part is folded to lower
 * case, as the server folds it; a double-quoted part is taken exactly ({@code ""} inside is one
 * quote), so {@code '"Sales"."Order Items"'} names a mixed-case table. The schema is required:
 * without it the table would depend on a search_path.
 */
public record TableName(String schema, String name) {

    public static TableName parse(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        String s = text.strip();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    part.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    part.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                wasQuoted = true;
            } else if (c == '.') {
                parts.add(finish(part, wasQuoted, text));
                part.setLength(0);
                wasQuoted = false;
            } else {
                part.append(c);
            }
        }
        if (quoted) {
            throw refused(text, "a double quote is not closed");
        }
        parts.add(finish(part, wasQuoted, text));
        if (parts.size() != 2) {
            throw refused(text, parts.size() == 1 ? "it names no schema" : "it has more than one dot outside double quotes");
        }
        return new TableName(parts.get(0), parts.get(1));
    }

    private static String finish(StringBuilder part, boolean quoted, String text) {
        String p = quoted ? part.toString() : part.toString().strip().toLowerCase(Locale.ROOT);
        if (p.isEmpty()) {
            throw refused(text, "a part of the name is empty");
        }
        if (p.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > TargetNames.MAX_BYTES) {
            throw refused(text, "a part is longer than " + TargetNames.MAX_BYTES + " bytes");
        }
        return p;
    }

    private static PgKeeperException refused(String text, String why) {
        return PgKeeperException.usage("--table '" + text + "' is not a table name (" + why + "); nothing was changed",
                "write it as schema.name, e.g. --table public.orders or --table '\"Sales\".\"Order Items\"'");
    }

    /** As SQL writes it: {@code sales.orders}, {@code "Sales"."Order Items"}. */
    public String sql() {
        return Catalog.ident(schema) + "." + Catalog.ident(name);
    }

    /** As a person reads it: quoted only where SQL needs quotes, e.g. {@code sales.orders}. */
    @Override
    public String toString() {
        return display(schema) + "." + display(name);
    }

    static String display(String part) {
        return part.matches("[a-z_][a-z0-9_$]*") ? part : Catalog.ident(part);
    }
}
