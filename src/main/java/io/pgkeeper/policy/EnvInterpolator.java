package io.pgkeeper.policy;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Expands {@code ${VAR}} and {@code ${VAR:-default}} in policy values from the environment it is
 * given (never {@link System#getenv()} directly, so tests and callers decide). {@code $$} is a
 * literal {@code $}; a {@code $} followed by anything else is kept as it is.
 */
final class EnvInterpolator {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Either the expanded text or why it could not be expanded (the message starts with the reason, no key path). */
    record Expansion(Optional<String> value, Optional<String> problem) {
        static Expansion of(String value) {
            return new Expansion(Optional.of(value), Optional.empty());
        }

        static Expansion failed(String problem) {
            return new Expansion(Optional.empty(), Optional.of(problem));
        }
    }

    private final Map<String, String> env;

    EnvInterpolator(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    static boolean mayExpand(String text) {
        return text.indexOf('$') >= 0;
    }

    Expansion expand(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (c != '$' || (next != '$' && next != '{')) {
                out.append(c);
                i++;
            } else if (next == '$') {
                out.append('$');
                i += 2;
            } else {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    return Expansion.failed("has '${' without a closing '}' (write $$ for a literal $)");
                }
                String reference = text.substring(i + 2, close);
                Expansion one = reference(reference);
                if (one.problem().isPresent()) {
                    return one;
                }
                out.append(one.value().orElseThrow());
                i = close + 1;
            }
        }
        return Expansion.of(out.toString());
    }

    /** Shell semantics: {@code :-} uses the default when the variable is unset or empty. */
    private Expansion reference(String reference) {
        int sep = reference.indexOf(":-");
        String name = sep < 0 ? reference : reference.substring(0, sep);
        if (!NAME.matcher(name).matches()) {
            return Expansion.failed("has '${" + reference + "}', which is not a variable reference"
                    + " (names are letters, digits and _; write $$ for a literal $)");
        }
        String value = env.get(name);
        if (sep >= 0 && (value == null || value.isEmpty())) {
            return Expansion.of(reference.substring(sep + 2));
        }
        if (value == null) {
            return Expansion.failed("uses ${" + name + "}, but environment variable " + name
                    + " is not set (set it, or give a default: ${" + name + ":-value})");
        }
        return Expansion.of(value);
    }
}
