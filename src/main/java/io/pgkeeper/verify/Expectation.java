package io.pgkeeper.verify;

import io.pgkeeper.util.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a policy check expects of the one value its query returns, and the verdict on a value.
 * {@code expect} is either a comparison ({@code =, !=, <, <=, >, >=} and a number) or literal
 * text compared exactly; {@code fresh} asks for a timestamp no older than a duration before the
 * backup started. Pure, so every rule is unit-tested.
 */
public sealed interface Expectation {
    Pattern COMPARISON = Pattern.compile("(!=|<=|>=|=|<|>)\\s*([-+]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?)");

    /** The outcome for one value; {@code message} states the value seen and the expectation missed. */
    record Verdict(boolean ok, String message) {}

    /** How the expectation reads in reports, e.g. {@code >= 1000}. */
    String describe();

    /**
     * @param value the query's value as text (booleans as true/false), null for SQL NULL
     * @param instant the value as a point in time, when it is a date or timestamp
     */
    Verdict evaluate(String value, Optional<Instant> instant);

    static Expectation expect(String text) {
        String t = text.strip();
        Matcher m = COMPARISON.matcher(t);
        if (m.matches()) {
            return new Comparison(m.group(1), new BigDecimal(m.group(2)));
        }
        return new Literal(text);
    }

    static Expectation fresh(Duration maxAge, Instant backupStartedAt) {
        return new Fresh(maxAge, backupStartedAt);
    }

    record Comparison(String operator, BigDecimal number) implements Expectation {
        @Override
        public String describe() {
            return operator + " " + number.toPlainString();
        }

        @Override
        public Verdict evaluate(String value, Optional<Instant> instant) {
            if (value == null) {
                return new Verdict(false, "value is NULL, expected a number " + describe());
            }
            BigDecimal v;
            try {
                v = new BigDecimal(value.strip());
            } catch (NumberFormatException e) {
                return new Verdict(false, "value '" + value + "' is not a number, expected " + describe());
            }
            int c = v.compareTo(number);
            boolean ok = switch (operator) {
                case "=" -> c == 0;
                case "!=" -> c != 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                default -> throw new IllegalStateException("operator " + operator);
            };
            return new Verdict(ok, "value " + value.strip() + (ok ? " meets " : " does not meet ") + describe());
        }
    }

    /** Exact text equality: no trimming or case folding, so 'OK' and 'ok ' are different values. */
    record Literal(String text) implements Expectation {
        @Override
        public String describe() {
            return "'" + text + "'";
        }

        @Override
        public Verdict evaluate(String value, Optional<Instant> instant) {
            if (value == null) {
                return new Verdict(false, "value is NULL, expected " + describe());
            }
            boolean ok = value.equals(text);
            return new Verdict(ok, "value '" + value + "'" + (ok ? " equals " : " is not ") + describe());
        }
    }

    /** The value must be at or after {@code backupStartedAt - maxAge}; later values are fine. */
    record Fresh(Duration maxAge, Instant backupStartedAt) implements Expectation {
        public Instant notBefore() {
            return backupStartedAt.minus(maxAge);
        }

        @Override
        public String describe() {
            return "fresh: at most " + Durations.format(maxAge) + " before the backup started (not before " + notBefore() + ")";
        }

        @Override
        public Verdict evaluate(String value, Optional<Instant> instant) {
            if (value == null) {
                return new Verdict(false, "value is NULL, expected a timestamp not before " + notBefore()
                        + " (" + Durations.format(maxAge) + " before the backup started at " + backupStartedAt + ")");
            }
            if (instant.isEmpty()) {
                return new Verdict(false, "value '" + value + "' is not a date or timestamp, expected one not before " + notBefore());
            }
            Instant at = instant.get();
            if (at.isBefore(notBefore())) {
                Duration age = Duration.between(at, backupStartedAt);
                return new Verdict(false, "value " + at + " is " + Durations.format(age.withNanos(0)) + " older than the backup's start "
                        + backupStartedAt + "; expected at most " + Durations.format(maxAge));
            }
            return new Verdict(true, "value " + at + " is not before " + notBefore());
        }
    }
}
