package io.pgkeeper.postgres.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Just enough of PostgreSQL's lexer to split pg_dump's output into statements and to find
 * identifiers in them without ever mistaking the inside of a literal, a dollar-quoted function
 * body, a quoted identifier or a comment for SQL. It never interprets statements.
 */
public final class SqlLexer {
    private final String s;
    private int i;
    /** A psql meta-command is only recognised where a statement may begin. */
    private boolean atStatementStart = true;

    private SqlLexer(String s) {
        this.s = s;
    }

    public static List<Token> tokens(String sql) {
        SqlLexer lexer = new SqlLexer(sql);
        List<Token> out = new ArrayList<>();
        Token t;
        while ((t = lexer.next()) != null) {
            out.add(t);
        }
        return out;
    }

    private Token next() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        if (i >= s.length()) {
            return null;
        }
        int start = i;
        char c = s.charAt(i);
        Token t;
        if (c == '-' && peek(1) == '-') {
            i = lineEnd(i);
            t = token(Token.Type.COMMENT, start, s.substring(start, i));
            return t;
        } else if (c == '/' && peek(1) == '*') {
            blockComment();
            return token(Token.Type.COMMENT, start, s.substring(start, i));
        } else if (c == '\\' && atStatementStart) {
            i = lineEnd(i);
            return token(Token.Type.META, start, s.substring(start, i));
        } else if (c == ';') {
            i++;
            t = token(Token.Type.SEMICOLON, start, ";");
            atStatementStart = true;
            return t;
        } else if (c == '\'') {
            t = token(Token.Type.STRING, start, quoted('\'', false));
        } else if ((c == 'E' || c == 'e') && peek(1) == '\'') {
            i++;
            t = token(Token.Type.STRING, start, quoted('\'', true));
        } else if (c == '"') {
            t = token(Token.Type.QUOTED_IDENT, start, quoted('"', false));
        } else if (c == '$' && dollarTag().isPresent()) {
            t = token(Token.Type.STRING, start, dollarQuoted(dollarTag().get()));
        } else if (isWordStart(c) || Character.isDigit(c)) {
            while (i < s.length() && isWordPart(s.charAt(i))) {
                i++;
            }
            String w = s.substring(start, i);
            t = token(Token.Type.WORD, start, w.toLowerCase(Locale.ROOT));
        } else {
            i++;
            t = token(Token.Type.SYMBOL, start, String.valueOf(c));
        }
        atStatementStart = false;
        return t;
    }

    private Token token(Token.Type type, int start, String value) {
        return new Token(type, start, i, s.substring(start, i), value);
    }

    private char peek(int ahead) {
        return i + ahead < s.length() ? s.charAt(i + ahead) : '\0';
    }

    private int lineEnd(int from) {
        int nl = s.indexOf('\n', from);
        return nl < 0 ? s.length() : nl;
    }

    private void blockComment() {
        int depth = 0;
        while (i < s.length()) {
            if (s.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (s.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                i++;
            }
        }
    }

    /** At an opening quote; returns the value with the quoting undone and leaves i after the closing quote. */
    private String quoted(char q, boolean backslashEscapes) {
        StringBuilder v = new StringBuilder();
        i++;
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (backslashEscapes && c == '\\' && i < s.length()) {
                v.append(unescape(s.charAt(i++)));
            } else if (c == q) {
                if (i < s.length() && s.charAt(i) == q) {
                    v.append(q);
                    i++;
                } else {
                    return v.toString();
                }
            } else {
                v.append(c);
            }
        }
        return v.toString();
    }

    private static char unescape(char c) {
        return switch (c) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'b' -> '\b';
            case 'f' -> '\f';
            default -> c;
        };
    }

    /** The tag of a dollar quote starting at i ({@code $$} or {@code $name$}), if one starts here. */
    private java.util.Optional<String> dollarTag() {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != '$') {
            char c = s.charAt(j);
            boolean ok = j == i + 1 ? isWordStart(c) : isWordPart(c) && c != '$';
            if (!ok) {
                return java.util.Optional.empty();
            }
            j++;
        }
        return j < s.length() ? java.util.Optional.of(s.substring(i, j + 1)) : java.util.Optional.empty();
    }

    private String dollarQuoted(String tag) {
        int bodyStart = i + tag.length();
        int close = s.indexOf(tag, bodyStart);
        if (close < 0) {
            i = s.length();
            return s.substring(bodyStart);
        }
        i = close + tag.length();
        return s.substring(bodyStart, close);
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_' || c >= 0x80;
    }

    private static boolean isWordPart(char c) {
        return isWordStart(c) || Character.isDigit(c) || c == '$';
    }
}
