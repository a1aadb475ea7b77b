package io.pgkeeper.retention;

import io.pgkeeper.policy.LogicalRetention;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.Locale;

/**
 * The calendar buckets of grandfather-father-son retention. Always UTC: the host's zone and its
 * daylight-saving switches must never move a backup from one bucket to another.
 */
enum GfsPeriod {
    DAILY("daily"),
    WEEKLY("weekly"),
    MONTHLY("monthly"),
    YEARLY("yearly");

    private final String label;

    GfsPeriod(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** {@code 2026-11-20}, {@code 2026-W47} (ISO week-based year), {@code 2026-11}, {@code 2026}. */
    String bucketOf(Instant startedAt) {
        LocalDate day = LocalDate.ofInstant(startedAt, ZoneOffset.UTC);
        return switch (this) {
            case DAILY -> day.toString();
            case WEEKLY -> String.format(Locale.ROOT, "%d-W%02d",
                    day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTHLY -> YearMonth.from(day).toString();
            case YEARLY -> String.valueOf(day.getYear());
        };
    }

    int bucketsToKeep(LogicalRetention rules) {
        return switch (this) {
            case DAILY -> rules.keepDaily();
            case WEEKLY -> rules.keepWeekly();
            case MONTHLY -> rules.keepMonthly();
            case YEARLY -> rules.keepYearly();
        };
    }
}
