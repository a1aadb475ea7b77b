package io.pgkeeper.postgres.sql;

import java.util.List;

/**
 * One statement of a script, without its terminating semicolon.
 *
 * @param text the statement as written, from its first token to its last
 * @param tokens its tokens, comments left out, offsets relative to {@code text}
 * @param commentsBefore the comment lines between the previous statement and this one
 */
public record SqlStatement(String text, List<Token> tokens, List<String> commentsBefore) {

    public SqlStatement {
        tokens = List.copyOf(tokens);
        commentsBefore = List.copyOf(commentsBefore);
    }

    public int size() {
        return tokens.size();
    }

    public Token token(int index) {
        return tokens.get(index);
    }

    /** Whether the statement begins with these unquoted keywords. */
    public boolean startsWith(String... words) {
        if (tokens.size() < words.length) {
            return false;
        }
        for (int k = 0; k < words.length; k++) {
            if (!tokens.get(k).is(words[k])) {
                return false;
            }
        }
        return true;
    }

    /** Index of the first token at or after {@code from} that is the keyword {@code word}, or -1. */
    public int indexOf(String word, int from) {
        for (int k = Math.max(0, from); k < tokens.size(); k++) {
            if (tokens.get(k).is(word)) {
                return k;
            }
        }
        return -1;
    }

    /** The text with one token replaced, e.g. a database name retargeted. */
    public String replacing(int index, String replacement) {
        Token t = tokens.get(index);
        return text.substring(0, t.start()) + replacement + text.substring(t.end());
    }
}
