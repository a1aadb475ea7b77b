package io.pgkeeper.ops;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Translates a 5-field cron expression (already validated by cron-utils) into a systemd
 * OnCalendar= value, or says why it cannot: cron runs a job when day-of-month OR day-of-week
 * matches if both are restricted, while systemd requires both, so that case is refused rather
 * than silently changed.
 */
public final class OnCalendar {
    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("JAN", 1), Map.entry("FEB", 2), Map.entry("MAR", 3),
            Map.entry("APR", 4), Map.entry("MAY", 5), Map.entry("JUN", 6), Map.entry("JUL", 7), Map.entry("AUG", 8), Map.entry("SEP", 9),
            Map.entry("OCT", 10), Map.entry("NOV", 11), Map.entry("DEC", 12));
    private static final Map<String, Integer> DAYS = Map.of("SUN", 0, "MON", 1, "TUE", 2, "WED", 3, "THU", 4, "FRI", 5, "SAT", 6);
    private static final List<String> SYSTEMD_DAYS = List.of("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat");

    /** The translation, or the reason there is none. */
    public record Result(Optional<String> value, String reason) {}

    private OnCalendar() {}

    public static Result translate(String cron) {
        String[] f = cron.trim().split("\\s+");
        if (f.length != 5) {
            return none("not 5 fields");
        }
        if (!f[2].startsWith("*") && !f[4].startsWith("*")) {
            return none("both day-of-month (" + f[2] + ") and day-of-week (" + f[4] + ") are set: cron runs when either matches,"
                    + " systemd only when both do; write two timers, or the OnCalendar= line by hand (see systemd.time(7))");
        }
        try {
            TreeSet<Integer> minutes = expand(f[0], 0, 59, Map.of());
            TreeSet<Integer> hours = expand(f[1], 0, 23, Map.of());
            TreeSet<Integer> doms = expand(f[2], 1, 31, Map.of());
            TreeSet<Integer> months = expand(f[3], 1, 12, MONTHS);
            TreeSet<Integer> dows = new TreeSet<>();
            for (int d : expand(f[4], 0, 7, DAYS)) {
                dows.add(d % 7);
            }
            StringBuilder sb = new StringBuilder();
            if (dows.size() < 7) {
                sb.append(days(dows)).append(' ');
            }
            sb.append("*-").append(render(months, 1, 12)).append('-').append(render(doms, 1, 31)).append(' ')
                    .append(render(hours, 0, 23)).append(':').append(render(minutes, 0, 59)).append(":00");
            return new Result(Optional.of(sb.toString()), "");
        } catch (IllegalArgumentException e) {
            return none(e.getMessage());
        }
    }

    /** Monday first, as systemd counts, with runs of three or more days written {@code Mon..Fri}. */
    private static String days(TreeSet<Integer> cronDays) {
        List<Integer> week = java.util.stream.IntStream.rangeClosed(1, 7).map(d -> d % 7).filter(cronDays::contains).boxed().toList();
        List<String> parts = new java.util.ArrayList<>();
        int i = 0;
        while (i < week.size()) {
            int j = i;
            while (j + 1 < week.size() && position(week.get(j + 1)) == position(week.get(j)) + 1) {
                j++;
            }
            if (j - i >= 2) {
                parts.add(SYSTEMD_DAYS.get(week.get(i)) + ".." + SYSTEMD_DAYS.get(week.get(j)));
            } else {
                for (int k = i; k <= j; k++) {
                    parts.add(SYSTEMD_DAYS.get(week.get(k)));
                }
            }
            i = j + 1;
        }
        return String.join(",", parts);
    }

    private static int position(int cronDay) {
        return cronDay == 0 ? 7 : cronDay;
    }

    private static Result none(String reason) {
        return new Result(Optional.empty(), reason);
    }

    /** The values a cron field matches: lists of *, N, N-M, each optionally /STEP. */
    static TreeSet<Integer> expand(String field, int min, int max, Map<String, Integer> names) {
        TreeSet<Integer> out = new TreeSet<>();
        for (String item : field.split(",")) {
            String base = item;
            int step = 1;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                base = item.substring(0, slash);
                step = Integer.parseInt(item.substring(slash + 1));
            }
            int from;
            int to;
            if (base.equals("*")) {
                from = min;
                to = max;
            } else if (base.contains("-")) {
                String[] r = base.split("-", 2);
                from = value(r[0], names);
                to = value(r[1], names);
            } else {
                from = value(base, names);
                to = slash >= 0 ? max : from;
            }
            if (from < min || to > max || from > to || step < 1) {
                throw new IllegalArgumentException("'" + item + "' is outside " + min + "-" + max);
            }
            for (int v = from; v <= to; v += step) {
                out.add(v);
            }
        }
        return out;
    }

    private static int value(String text, Map<String, Integer> names) {
        Integer named = names.get(text.toUpperCase(Locale.ROOT));
        if (named != null) {
            return named;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no systemd equivalent here");
        }
    }

    /** {@code *} for every value, else a list with runs written as {@code a..b}. */
    private static String render(TreeSet<Integer> values, int min, int max) {
        if (values.size() == max - min + 1) {
            return "*";
        }
        StringBuilder sb = new StringBuilder();
        Integer start = null;
        Integer prev = null;
        for (int v : values) {
            if (start == null) {
                start = v;
            } else if (v != prev + 1) {
                append(sb, start, prev);
                start = v;
            }
            prev = v;
        }
        append(sb, start, prev);
        return sb.toString();
    }

    private static void append(StringBuilder sb, int from, int to) {
        if (sb.length() > 0) {
            sb.append(',');
        }
        sb.append(String.format(Locale.ROOT, "%02d", from));
        if (to > from + 1) {
            sb.append("..").append(String.format(Locale.ROOT, "%02d", to));
        } else if (to == from + 1) {
            sb.append(',').append(String.format(Locale.ROOT, "%02d", to));
        }
    }
}
