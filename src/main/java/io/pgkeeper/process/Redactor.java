package io.pgkeeper.process;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Belt and braces: pgkeeper never puts a password in argv, but a user-supplied conninfo might.
 * Whatever is shown or recorded passes through here.
 */
public final class Redactor {
    private static final Pattern CONNINFO_PASSWORD =
            Pattern.compile("(?i)(password\\s*=\\s*)('(?:[^'\\\\]|\\\\.)*'|\\S+)");
    private static final Pattern URI_PASSWORD = Pattern.compile("(?i)(postgres(?:ql)?://[^:/@\\s]*:)([^@\\s]*)(@)");
    private static final Pattern FLAG_PASSWORD = Pattern.compile("(?i)^(--[a-z0-9-]*(?:password|passwd|pass|secret|key|token)[a-z0-9-]*=)(.+)$");

    private Redactor() {}

    public static List<String> redact(List<String> argv) {
        List<String> out = new ArrayList<>(argv.size());
        for (String arg : argv) {
            out.add(redact(arg));
        }
        return out;
    }

    public static String redact(String text) {
        String s = CONNINFO_PASSWORD.matcher(text).replaceAll("$1******");
        s = URI_PASSWORD.matcher(s).replaceAll("$1******$3");
        return FLAG_PASSWORD.matcher(s).replaceAll("$1******");
    }
}
