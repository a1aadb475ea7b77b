package io.pgkeeper.restore;

import io.pgkeeper.error.PgKeeperException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code --target-time}. A time without a zone is refused: read as UTC it would send an
 * operator in another zone to the wrong hour, silently. A named zone's local time that happens
 * twice (the autumn change) or never (the spring change) is refused too, for the same reason.
 */
public final class TargetTime {
    /** date, T or space, hh:mm[:ss[.fraction]], then an optional zone: Z, +HH, +HHMM, +HH:MM, or a name. */
    private static final Pattern FORM = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d{1,9})?)?)\\s*(?:(Z|z|[+-]\\d{2}(?::?\\d{2})?)|\\[?([A-Za-z][A-Za-z0-9_+\\-/]*)]?)?");
    /** How results show a target: UTC, ISO-8601. */
    private static final DateTimeFormatter UTC = DateTimeFormatter.ISO_INSTANT;

    public static final List<String> ACCEPTED = List.of("2026-11-21T14:30:00Z", "2026-11-21 14:30:00+01", "2026-11-21 14:30:00.250+01:00",
            "2026-11-21 14:30:00 Europe/Paris");

    private TargetTime() {}

    public static Instant parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw refused("--target-time '" + text + "' is not a time");
        }
        LocalDateTime local;
        try {
            local = LocalDateTime.parse(m.group(1) + "T" + normalTime(m.group(2)));
        } catch (DateTimeException e) {
            throw refused("--target-time '" + text + "' is not a valid date and time (" + e.getMessage() + ")");
        }
        if (m.group(3) != null) {
            String offset = m.group(3).equalsIgnoreCase("Z") ? "Z" : m.group(3);
            try {
                return local.toInstant(ZoneOffset.of(offset.length() == 5 && offset.charAt(3) != ':'
                        ? offset.substring(0, 3) + ":" + offset.substring(3) : offset));
            } catch (DateTimeException e) {
                throw refused("--target-time '" + text + "' has an invalid offset " + offset);
            }
        }
        if (m.group(4) == null) {
            throw refused("--target-time '" + text + "' has no time zone; PostgreSQL would read it in the server's zone and pgkeeper will not guess");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(m.group(4));
        } catch (DateTimeException e) {
            throw refused("--target-time '" + text + "': unknown time zone '" + m.group(4) + "'");
        }
        ZoneOffsetTransition change = zone.getRules().getTransition(local);
        if (change != null) {
            throw PgKeeperException.usage("--target-time '" + text + "' " + (change.isOverlap() ? "happens twice" : "does not exist") + " in "
                    + zone + " (the clocks changed at " + change.getDateTimeBefore() + ")", "give the offset instead of the zone name, e.g. "
                    + local + change.getOffsetBefore().getId());
        }
        return local.atZone(zone).toInstant();
    }

    /** How a result shows the target time: always UTC. */
    public static String utc(Instant t) {
        return UTC.format(t);
    }

    private static String normalTime(String t) {
        String s = t.replace(',', '.');
        return s.length() == 5 ? s + ":00" : s;
    }

    private static PgKeeperException refused(String why) {
        return PgKeeperException.usage(why, "write the time with its zone, e.g. " + String.join(" or ", ACCEPTED.stream().map(a -> "'" + a + "'").toList()));
    }
}
