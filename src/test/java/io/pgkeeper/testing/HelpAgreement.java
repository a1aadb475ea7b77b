package io.pgkeeper.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a man page says everything a command's --help says. Every line of --help (synopsis,
 * description, each option and argument with its description, each subcommand, the footer's
 * exit codes and examples) is cut into its columns (two or more spaces apart); each column must
 * appear in the page's text. Both are compared with whitespace collapsed, since --help wraps at
 * the terminal's width and the man page at the pager's. Headings are left out (man pages have
 * their own: OPTIONS, EXIT STATUS), and so is picocli's "help" subcommand, which has no page.
 */
public final class HelpAgreement {
    private HelpAgreement() {}

    /** The --help text the page lacks, one entry per missing piece; empty when they agree. */
    public static List<String> missing(String help, String manText) {
        String man = normalize(manText);
        List<String> missing = new ArrayList<>();
        for (String raw : help.split("\n")) {
            String line = raw.stripTrailing();
            if (line.isBlank() || (!line.startsWith(" ") && line.endsWith(":")) || line.matches("\\s+help\\s{2,}.*")) {
                continue;
            }
            if (line.startsWith("Usage: ")) {
                line = line.substring("Usage: ".length());
            }
            for (String piece : line.strip().split("\\s{2,}")) {
                String p = normalize(piece);
                if (!p.isEmpty() && !man.contains(p)) {
                    missing.add(p + "    (from: " + line.strip() + ")");
                }
            }
        }
        return missing;
    }

    static String normalize(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    /**
     * The text of a troff man page as a reader sees it, near enough for {@link #missing}: macro
     * lines dropped except the arguments of .SH and .TH, font changes removed, escapes resolved.
     */
    public static String troffText(String troff) {
        StringBuilder out = new StringBuilder();
        for (String line : troff.split("\n")) {
            if (line.startsWith(".SH ") || line.startsWith(".TH ")) {
                out.append(unescape(line.substring(4).replace("\"", ""))).append('\n');
            } else if (!line.startsWith(".")) {
                out.append(unescape(line)).append('\n');
            }
        }
        return out.toString();
    }

    private static String unescape(String s) {
        return s.replace("\\fB", "").replace("\\fI", "").replace("\\fR", "").replace("\\-", "-").replace("\\(dq", "\"")
                .replace("\\&", "").replace("\\e", "\\");
    }
}
