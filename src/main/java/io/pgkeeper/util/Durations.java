package io.pgkeeper.util;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Human durations as written in the policy and on the command line: {@code 30s}, {@code 15m}, {@code 26h}, {@code 7d}, {@code 2w}, {@code 1h30m}. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");

    private Durations() {}

    /** The parsed duration, or empty when the text is not a duration. */
    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim();
        if (s.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        Matcher m = PART.matcher(s);
        Duration total = Duration.ZERO;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                return Optional.empty();
            }
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            try {
                total = total.plus(unit(m.group(2)).multipliedBy(n));
            } catch (ArithmeticException e) {
                return Optional.empty();
            }
            at = m.end();
        }
        return s.isEmpty() ? Optional.empty() : Optional.of(total);
    }

    private static Duration unit(String u) {
        return switch (u) {
            case "ms" -> Duration.ofMillis(1);
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            case "d" -> Duration.ofDays(1);
            case "w" -> Duration.ofDays(7);
            default -> throw new IllegalArgumentException(u);
        };
    }

    /** The shortest human form, e.g. {@code 1h30m}; used in messages and rendered schedules. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long days = d.toDays();
        if (days > 0) sb.append(days).append('d');
        if (d.toHoursPart() > 0) sb.append(d.toHoursPart()).append('h');
        if (d.toMinutesPart() > 0) sb.append(d.toMinutesPart()).append('m');
        if (d.toSecondsPart() > 0) sb.append(d.toSecondsPart()).append('s');
        if (sb.length() == 0) sb.append(d.toMillis()).append("ms");
        return sb.toString();
    }
}
