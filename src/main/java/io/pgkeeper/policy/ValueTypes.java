package io.pgkeeper.policy;

import io.pgkeeper.util.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The value types of the policy. Reading is {@link ScalarReader}'s, so every message keeps its
 * wording and position; a type adds what the declaration knows: the range, the allowed spellings,
 * how the reference names the type and how it writes a default.
 */
final class ValueTypes {
    /** Non-empty text: a key written with an empty value is usually a half-finished edit. */
    static final ValueType<String> TEXT = new Text(false, "text");
    static final ValueType<Duration> DURATION = new Positive();
    static final ValueType<Path> PATH = new FilePath();
    static final ValueType<List<String>> TEXT_LIST = new TextListType();
    static final ValueType<String> CRON = new Cron();
    static final ValueType<String> PG_DUMP_COMPRESS = new LevelOrMethod();
    static final ValueType<Boolean> BOOLEAN = new BooleanType();
    /** A size of 0 or more bytes ({@link SizeType}): 256MB. */
    static final ValueType<Long> SIZE = new SizeType(0);

    private ValueTypes() {}

    /** Text named differently in the reference (a URL, a name); read as {@link #TEXT}. */
    static ValueType<String> text(String label) {
        return new Text(false, label);
    }

    /** Text that may be empty, such as an expected query result. */
    static ValueType<String> anyText(String label) {
        return new Text(true, label);
    }

    static ValueType<Integer> wholeNumber(int min, int max) {
        return new WholeNumber(min, max);
    }

    static ValueType<Double> decimal(double min, double max) {
        return new Decimal(min, max);
    }

    /** @param allowed YAML spelling to value, in the order messages and the reference list them */
    static <E> ValueType<E> choice(Map<String, E> allowed) {
        return new Choice<>(Collections.unmodifiableMap(new LinkedHashMap<>(allowed)));
    }

    /** A choice spelt as the constants' names in lower case, in the order given. */
    @SafeVarargs
    static <E extends Enum<E>> ValueType<E> names(E... constants) {
        Map<String, E> names = new LinkedHashMap<>();
        for (E e : constants) {
            names.put(e.name().toLowerCase(Locale.ROOT), e);
        }
        return choice(names);
    }

    private record Text(boolean allowEmpty, String describe) implements ValueType<String> {
        @Override
        public Optional<String> read(ScalarReader values, Node node, String path) {
            return allowEmpty ? values.text(node, path) : values.nonEmptyText(node, path);
        }

        @Override
        public String spell(String value) {
            return value;
        }
    }

    private record WholeNumber(int min, int max) implements ValueType<Integer> {
        @Override
        public Optional<Integer> read(ScalarReader values, Node node, String path) {
            return values.integer(node, path, min, max);
        }

        @Override
        public String describe() {
            if (min == Integer.MIN_VALUE && max == Integer.MAX_VALUE) {
                return "integer";
            }
            return max == Integer.MAX_VALUE ? "integer, >= " + min : "integer, " + min + " to " + max;
        }

        @Override
        public String spell(Integer value) {
            return value.toString();
        }
    }

    private record Decimal(double min, double max) implements ValueType<Double> {
        @Override
        public Optional<Double> read(ScalarReader values, Node node, String path) {
            return values.decimal(node, path, min, max);
        }

        @Override
        public String describe() {
            return "number, " + ScalarReader.plain(min) + " to " + ScalarReader.plain(max);
        }

        @Override
        public String spell(Double value) {
            return ScalarReader.plain(value);
        }
    }

    /** Every duration in the policy is a length of time or a limit: zero is refused. */
    private record Positive() implements ValueType<Duration> {
        @Override
        public Optional<Duration> read(ScalarReader values, Node node, String path) {
            return values.duration(node, path, true);
        }

        @Override
        public String describe() {
            return "duration";
        }

        @Override
        public String spell(Duration value) {
            return Durations.format(value);
        }
    }

    private record FilePath() implements ValueType<Path> {
        @Override
        public Optional<Path> read(ScalarReader values, Node node, String path) {
            return values.path(node, path);
        }

        @Override
        public String describe() {
            return "path";
        }

        @Override
        public String spell(Path value) {
            return value.toString();
        }
    }

    private record Choice<E>(Map<String, E> allowed) implements ValueType<E> {
        @Override
        public Optional<E> read(ScalarReader values, Node node, String path) {
            return values.choice(node, path, allowed);
        }

        @Override
        public String describe() {
            return "`" + String.join("` | `", allowed.keySet()) + "`";
        }

        @Override
        public String spell(E value) {
            for (Map.Entry<String, E> e : allowed.entrySet()) {
                if (e.getValue().equals(value)) {
                    return e.getKey();
                }
            }
            throw new IllegalArgumentException(value + " is not one of " + allowed.keySet());
        }
    }

    /** A standard 5-field cron expression, as crontab(5) reads it, checked by cron-utils. */
    private record Cron() implements ValueType<String> {
        @Override
        public Optional<String> read(ScalarReader values, Node node, String path) {
            Optional<String> text = values.nonEmptyText(node, path);
            Optional<String> problem = text.flatMap(CronExpressions::problem);
            if (problem.isPresent()) {
                values.problems().at(node, path + ": '" + text.get() + "' is not a valid cron expression: " + problem.get());
                return Optional.empty();
            }
            return text;
        }

        @Override
        public String describe() {
            return "cron";
        }

        @Override
        public String spell(String value) {
            return value;
        }
    }

    /** pg_dump's --compress: a level (0-9) or a method[:detail] such as gzip:6 or zstd:long. */
    private record LevelOrMethod() implements ValueType<String> {
        @Override
        public Optional<String> read(ScalarReader values, Node node, String path) {
            if (node instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
                return values.integer(s, path, 0, 9).map(String::valueOf);
            }
            Optional<String> text = values.nonEmptyText(node, path);
            if (text.isPresent() && text.get().chars().anyMatch(Character::isWhitespace)) {
                values.problems().at(node, path + " must be a level 0-9 or a method such as"
                        + " gzip:6, lz4 or zstd:long, without spaces (got '" + text.get() + "')");
                return Optional.empty();
            }
            return text;
        }

        @Override
        public String describe() {
            return "integer 0 to 9, or text";
        }

        @Override
        public String spell(String value) {
            return value;
        }
    }
}
