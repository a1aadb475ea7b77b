package io.pgkeeper.policy;

import io.pgkeeper.util.Durations;
import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns located YAML nodes into typed policy values, reporting each problem at the value's
 * position. Every method returns empty when the value is unusable; the problem is already recorded.
 *
 * <p>Typing follows YAML, with one exception: a value that used {@code ${...}} is typed after
 * interpolation, so {@code port: ${PGPORT:-5432}} is a number. A quoted {@code "5432"} stays text.
 */
final class ScalarReader {
    static final String DURATION_EXAMPLES = "30s, 15m, 26h, 7d, 2w or 1h30m";
    private static final Pattern WHOLE = Pattern.compile("[-+]?[0-9]+");

    private final Problems problems;
    private final EnvInterpolator env;
    private final Path baseDir;

    /** @param baseDir where relative paths in the policy are resolved: the policy file's directory */
    ScalarReader(Problems problems, EnvInterpolator env, Path baseDir) {
        this.problems = problems;
        this.env = env;
        this.baseDir = baseDir;
    }

    Problems problems() {
        return problems;
    }

    /** Any scalar as text: {@code fingerprint: off} and {@code expect: 1000} are text to pgkeeper. */
    Optional<String> text(Node node, String path) {
        Optional<ScalarNode> scalar = scalar(node, path, "text");
        if (scalar.isEmpty()) {
            return Optional.empty();
        }
        return expand(scalar.get(), path);
    }

    Optional<String> nonEmptyText(Node node, String path) {
        Optional<String> text = text(node, path);
        if (text.isPresent() && text.get().isBlank()) {
            problems.at(node, path + " must not be empty");
            return Optional.empty();
        }
        return text;
    }

    Optional<Integer> integer(Node node, String path, int min, int max) {
        Optional<String> text = typed(node, path, "a whole number", Tag.INT);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String digits = text.get().replace("_", "");
        if (!WHOLE.matcher(digits).matches()) {
            problems.at(node, path + " must be a whole number (got '" + text.get() + "')");
            return Optional.empty();
        }
        BigInteger value = new BigInteger(digits);
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            problems.at(node, path + " must be " + range(min, max) + " (got " + text.get() + ")");
            return Optional.empty();
        }
        return Optional.of(value.intValueExact());
    }

    Optional<Double> decimal(Node node, String path, double min, double max) {
        Optional<String> text = typed(node, path, "a number", Tag.INT, Tag.FLOAT);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        double value;
        try {
            value = Double.parseDouble(text.get().replace("_", ""));
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (Double.isNaN(value) || value < min || value > max) {
            problems.at(node, path + " must be a number from " + plain(min) + " to " + plain(max)
                    + " (got " + text.get() + ")");
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /** @param positive whether zero is refused (timeouts, grace periods) */
    Optional<Duration> duration(Node node, String path, boolean positive) {
        Optional<String> text = text(node, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<Duration> parsed = Durations.parse(text.get());
        if (parsed.isEmpty()) {
            problems.at(node, path + " must be a duration such as " + DURATION_EXAMPLES + " (got '" + text.get() + "')");
            return Optional.empty();
        }
        if (positive && (parsed.get().isZero() || parsed.get().isNegative())) {
            problems.at(node, path + " must be longer than 0 (got '" + text.get() + "')");
            return Optional.empty();
        }
        return parsed;
    }

    /** A path, with relative ones resolved against the policy file's directory. */
    Optional<Path> path(Node node, String path) {
        Optional<String> text = nonEmptyText(node, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.get().startsWith("~")) {
            problems.at(node, path + " starts with '~', which pgkeeper does not expand;"
                    + " write the absolute path or use ${HOME}");
            return Optional.empty();
        }
        try {
            return Optional.of(baseDir.resolve(Path.of(text.get())).normalize());
        } catch (InvalidPathException e) {
            problems.at(node, path + " is not a usable path (" + e.getReason() + ")");
            return Optional.empty();
        }
    }

    /** @param allowed YAML spelling to value, in the order the message lists them */
    <E> Optional<E> choice(Node node, String path, Map<String, E> allowed) {
        Optional<String> text = text(node, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        E value = allowed.get(text.get());
        if (value == null) {
            problems.at(node, path + " must be one of: " + String.join(", ", allowed.keySet())
                    + " (got '" + text.get() + "')");
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /** The raw text of a scalar of one of the given tags, or of a {@code ${...}} value, expanded. */
    private Optional<String> typed(Node node, String path, String what, Tag... tags) {
        Optional<ScalarNode> scalar = scalar(node, path, what);
        if (scalar.isEmpty()) {
            return Optional.empty();
        }
        ScalarNode s = scalar.get();
        for (Tag tag : tags) {
            if (s.getTag().equals(tag)) {
                return Optional.of(s.getValue());
            }
        }
        if (s.getTag().equals(Tag.STR) && s.getValue().contains("${")) {
            return expand(s, path);
        }
        String hint = s.getTag().equals(Tag.STR) && !s.isPlain() ? "; remove the quotes" : "";
        problems.at(node, path + " must be " + what + " (got " + describe(node) + hint + ")");
        return Optional.empty();
    }

    private Optional<ScalarNode> scalar(Node node, String path, String what) {
        if (!standardTag(node, path)) {
            return Optional.empty();
        }
        if (!(node instanceof ScalarNode s)) {
            problems.at(node, path + " must be " + what + " (got " + describe(node) + ")");
            return Optional.empty();
        }
        if (s.getTag().equals(Tag.NULL)) {
            problems.at(node, path + " has no value (give one, or remove the key to use the default)");
            return Optional.empty();
        }
        return Optional.of(s);
    }

    private Optional<String> expand(ScalarNode s, String path) {
        if (!EnvInterpolator.mayExpand(s.getValue())) {
            return Optional.of(s.getValue());
        }
        EnvInterpolator.Expansion result = env.expand(s.getValue());
        result.problem().ifPresent(p -> problems.at(s, path + " " + p));
        return result.value();
    }

    /** Custom tags ({@code !env X}) mean something to some other tool; here they would silently mean nothing. */
    boolean standardTag(Node node, String path) {
        if (!node.getTag().startsWith(Tag.PREFIX)) {
            problems.at(node, path + " has the YAML tag " + node.getTag().getValue()
                    + ", which pgkeeper does not support (use ${VAR} for environment variables)");
            return false;
        }
        return true;
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) node;
        Tag tag = s.getTag();
        if (tag.equals(Tag.NULL)) {
            return "no value";
        }
        String kind = tag.equals(Tag.INT) || tag.equals(Tag.FLOAT) ? "number"
                : tag.equals(Tag.BOOL) ? "boolean"
                : tag.equals(Tag.STR) ? "text" : tag.getValue();
        String value = s.getValue().length() > 40 ? s.getValue().substring(0, 40) + "..." : s.getValue();
        return kind + " '" + value + "'";
    }

    private static String range(int min, int max) {
        if (max == Integer.MAX_VALUE) {
            return ">= " + min;
        }
        return "between " + min + " and " + max;
    }

    static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
