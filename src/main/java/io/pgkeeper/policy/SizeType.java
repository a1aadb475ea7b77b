package io.pgkeeper.policy;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * An amount of bytes, written as postgresql.conf writes memory: a whole number with a unit, where
 * {@code kB}, {@code MB}, {@code GB} and {@code TB} are powers of 1024 (so {@code 16MB} is one WAL
 * segment). The binary spellings {@code KiB} .. {@code TiB} mean the same; {@code B} or no unit is bytes.
 */
record SizeType(long min) implements ValueType<Long> {
    private static final Pattern SIZE = Pattern.compile("([0-9][0-9_]*)\\s*(B|kB|KB|KiB|MB|MiB|GB|GiB|TB|TiB)?");
    static final String EXAMPLES = "16MB, 256MB, 1GB or 512kB";

    @Override
    public Optional<Long> read(ScalarReader values, Node node, String path) {
        Optional<String> text = values.text(node, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<Long> bytes = parse(text.get().trim());
        if (bytes.isEmpty()) {
            values.problems().at(node, path + " must be a size such as " + EXAMPLES + " (got '" + text.get() + "')");
            return Optional.empty();
        }
        if (bytes.get() < min) {
            values.problems().at(node, path + " must be at least " + spell(min) + " (got '" + text.get() + "')");
            return Optional.empty();
        }
        return bytes;
    }

    /** The number of bytes, or empty when the text is not a size (or does not fit in a long). */
    static Optional<Long> parse(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT).replace("I", "");
        int shift = switch (unit) {
            case "KB" -> 10;
            case "MB" -> 20;
            case "GB" -> 30;
            case "TB" -> 40;
            default -> 0;
        };
        try {
            long n = Long.parseLong(m.group(1).replace("_", ""));
            if (n > (Long.MAX_VALUE >> shift)) {
                return Optional.empty();
            }
            return Optional.of(n << shift);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String describe() {
        return "size";
    }

    /** The largest unit that divides the value: 268435456 is {@code 256MB}. */
    @Override
    public String spell(Long value) {
        String[] units = {"TB", "GB", "MB", "kB"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (value != 0 && value % unit == 0) {
                return (value / unit) + units[i];
            }
        }
        return value + "B";
    }
}
