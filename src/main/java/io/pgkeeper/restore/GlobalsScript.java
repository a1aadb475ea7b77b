package io.pgkeeper.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits pg_dumpall's globals output into statements and says which role or tablespace each one
 * is about, so a restore can skip everything that concerns objects that already exist (an
 * existing role's password and attributes are never touched).
 */
public final class GlobalsScript {
    private GlobalsScript() {}

    public enum Subject {
        ROLE,
        TABLESPACE,
        NONE
    }

    /** @param name the role or tablespace the statement is about; for memberships, the member */
    public record Statement(String sql, Subject subject, String name) {}

    public static List<Statement> parse(String script) {
        List<Statement> out = new ArrayList<>();
        for (String sql : split(script)) {
            out.add(classify(sql));
        }
        return out;
    }

    /** Statements end at ';' outside quotes; comment lines and psql meta-commands are dropped. */
    static List<String> split(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean single = false;
        boolean dbl = false;
        for (String line : script.split("\n", -1)) {
            if (!single && !dbl && cur.toString().isBlank()) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("--") || t.startsWith("\\")) {
                    continue;
                }
            }
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\'' && !dbl) {
                    single = !single;
                } else if (c == '"' && !single) {
                    dbl = !dbl;
                }
                if (c == ';' && !single && !dbl) {
                    String s = cur.toString().strip();
                    if (!s.isEmpty()) {
                        out.add(s);
                    }
                    cur.setLength(0);
                } else {
                    cur.append(c);
                }
            }
            if (cur.length() > 0) {
                cur.append('\n');
            }
        }
        String rest = cur.toString().strip();
        if (!rest.isEmpty()) {
            out.add(rest);
        }
        return out;
    }

    static Statement classify(String sql) {
        Tokens t = new Tokens(sql);
        String w1 = t.word().orElse("");
        String w2 = t.word().orElse("");
        if ((w1.equals("CREATE") || w1.equals("ALTER")) && (w2.equals("ROLE") || w2.equals("USER"))) {
            return new Statement(sql, Subject.ROLE, t.ident().orElse(""));
        }
        if ((w1.equals("CREATE") || w1.equals("ALTER")) && w2.equals("TABLESPACE")) {
            return new Statement(sql, Subject.TABLESPACE, t.ident().orElse(""));
        }
        if (w1.equals("COMMENT") && w2.equals("ON")) {
            String what = t.word().orElse("");
            Subject s = what.equals("ROLE") ? Subject.ROLE : what.equals("TABLESPACE") ? Subject.TABLESPACE : Subject.NONE;
            return new Statement(sql, s, s == Subject.NONE ? "" : t.ident().orElse(""));
        }
        if (w1.equals("SECURITY") && w2.equals("LABEL")) {
            int on = sql.toUpperCase(java.util.Locale.ROOT).indexOf(" ON ROLE ");
            if (on >= 0) {
                return new Statement(sql, Subject.ROLE, new Tokens(sql.substring(on + 9)).ident().orElse(""));
            }
        }
        if (w1.equals("GRANT") || w1.equals("REVOKE")) {
            String upper = sql.toUpperCase(java.util.Locale.ROOT);
            int onTs = upper.indexOf(" ON TABLESPACE ");
            if (onTs >= 0) {
                return new Statement(sql, Subject.TABLESPACE, new Tokens(sql.substring(onTs + 15)).ident().orElse(""));
            }
            int to = upper.indexOf(w1.equals("GRANT") ? " TO " : " FROM ");
            if (to >= 0) {
                return new Statement(sql, Subject.ROLE, new Tokens(sql.substring(to + (w1.equals("GRANT") ? 4 : 6))).ident().orElse(""));
            }
        }
        return new Statement(sql, Subject.NONE, "");
    }

    /** Just enough of a tokenizer for the first words and one identifier of a statement. */
    private static final class Tokens {
        private final String s;
        private int i;

        Tokens(String s) {
            this.s = s;
        }

        Optional<String> word() {
            skipSpace();
            int start = i;
            while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != ';') {
                i++;
            }
            return start == i ? Optional.empty() : Optional.of(s.substring(start, i).toUpperCase(java.util.Locale.ROOT));
        }

        Optional<String> ident() {
            skipSpace();
            if (i >= s.length()) {
                return Optional.empty();
            }
            if (s.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (i < s.length()) {
                    char c = s.charAt(i++);
                    if (c == '"') {
                        if (i < s.length() && s.charAt(i) == '"') {
                            sb.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        sb.append(c);
                    }
                }
                return Optional.of(sb.toString());
            }
            int start = i;
            while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != ';' && s.charAt(i) != ',') {
                i++;
            }
            return Optional.of(s.substring(start, i).toLowerCase(java.util.Locale.ROOT));
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
