package io.pgkeeper.postgres.sql;

import java.util.Locale;

/**
 * One lexical token of SQL text as pg_dump and pg_restore write it.
 *
 * @param start offset of the first character in the text
 * @param end offset after the last character
 * @param text the token exactly as written
 * @param value identifiers folded as the server folds them (unquoted to lower case, quoted as
 *     written with {@code ""} undone), string literals with their quoting undone; else the text
 */
public record Token(Type type, int start, int end, String text, String value) {

    public enum Type {
        /** an unquoted identifier, keyword or number */
        WORD,
        /** a double-quoted identifier */
        QUOTED_IDENT,
        /** a string literal: '...', E'...', or $tag$...$tag$ */
        STRING,
        /** {@code --} to the end of the line, or a block comment */
        COMMENT,
        /** a psql meta-command line ({@code \connect}, {@code \restrict}) */
        META,
        SEMICOLON,
        /** any other single character: punctuation, operators */
        SYMBOL
    }

    /** Whether this is the unquoted keyword {@code word} (case-insensitive). */
    public boolean is(String word) {
        return type == Type.WORD && text.equalsIgnoreCase(word);
    }

    public boolean isIdentifier() {
        return type == Type.WORD || type == Type.QUOTED_IDENT;
    }

    public boolean isSymbol(char c) {
        return type == Type.SYMBOL && text.length() == 1 && text.charAt(0) == c;
    }

    public String upper() {
        return text.toUpperCase(Locale.ROOT);
    }
}
