package io.pgkeeper.cli;

/**
 * The few man(7) constructs a man page of pgkeeper needs, written into one buffer with their
 * escaping: every '-' as \- (so options and commands copy as ASCII hyphen-minus), backslashes as
 * \e, and a \& before a text line that would otherwise read as a request ('.' or "'").
 */
final class Troff {
    private final StringBuilder out = new StringBuilder();
    private boolean verbatim;

    void macro(String name, String... args) {
        out.append(name);
        for (String a : args) {
            out.append(' ').append(quote(a));
        }
        out.append('\n');
    }

    void section(String title) {
        endVerbatim();
        macro(".SH", title);
    }

    /** The start of a tagged paragraph: {@code tag} is troff already (fonts set, escaped); its text follows. */
    void tag(String tag) {
        endVerbatim();
        out.append(".TP\n").append(tag).append('\n');
    }

    /** A tagged paragraph with the tag in bold. */
    void tagged(String tag, String text) {
        tag("\\fB" + escape(tag) + "\\fR");
        text(text);
    }

    void text(String line) {
        endVerbatim();
        out.append(guard(escape(line.strip()))).append('\n');
    }

    void lineBreak() {
        out.append(".br\n");
    }

    void paragraph() {
        endVerbatim();
        out.append(".PP\n");
    }

    /** A line shown as it is (no filling): examples, the synopsis. */
    void verbatim(String line) {
        if (!verbatim) {
            out.append(".nf\n");
            verbatim = true;
        }
        out.append(guard(escape(line))).append('\n');
    }

    void endVerbatim() {
        if (verbatim) {
            out.append(".fi\n");
            verbatim = false;
        }
    }

    String render() {
        endVerbatim();
        return out.toString();
    }

    static String escape(String s) {
        return s.replace("\\", "\\e").replace("-", "\\-");
    }

    private static String quote(String arg) {
        return "\"" + escape(arg).replace("\"", "\\(dq") + "\"";
    }

    private static String guard(String line) {
        return line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line;
    }
}
