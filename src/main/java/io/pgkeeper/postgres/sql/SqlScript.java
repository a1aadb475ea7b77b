package io.pgkeeper.postgres.sql;

import java.util.ArrayList;
import java.util.List;

/** Splits a script into statements at semicolons outside literals, quoted names and comments. */
public final class SqlScript {
    private SqlScript() {}

    /** Statements in order; psql meta-commands ({@code \connect} and the like) are left out. */
    public static List<SqlStatement> statements(String script) {
        List<SqlStatement> out = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        List<String> commentsOfCurrent = List.of();
        for (Token t : SqlLexer.tokens(script)) {
            switch (t.type()) {
                case META -> {
                    // only seen between statements: psql's own lines, not SQL
                }
                case COMMENT -> {
                    if (current.isEmpty()) {
                        comments.add(t.text());
                    } else {
                        current.add(t);
                    }
                }
                case SEMICOLON -> {
                    if (!current.isEmpty()) {
                        out.add(build(script, current, commentsOfCurrent));
                        current.clear();
                    }
                }
                default -> {
                    if (current.isEmpty()) {
                        commentsOfCurrent = List.copyOf(comments);
                        comments.clear();
                    }
                    current.add(t);
                }
            }
        }
        if (!current.isEmpty()) {
            out.add(build(script, current, commentsOfCurrent));
        }
        return out;
    }

    private static SqlStatement build(String script, List<Token> tokens, List<String> commentsBefore) {
        int last = tokens.size() - 1;
        while (last > 0 && tokens.get(last).type() == Token.Type.COMMENT) {
            last--;
        }
        int base = tokens.get(0).start();
        String text = script.substring(base, tokens.get(last).end());
        List<Token> rel = new ArrayList<>();
        for (int k = 0; k <= last; k++) {
            Token t = tokens.get(k);
            if (t.type() != Token.Type.COMMENT) {
                rel.add(new Token(t.type(), t.start() - base, t.end() - base, t.text(), t.value()));
            }
        }
        return new SqlStatement(text, rel, commentsBefore);
    }
}
