package io.pgkeeper.policy;

import java.time.Duration;

/** {@code clusters.<name>.retention}: what {@code pgkeeper prune} keeps. */
final class RetentionKeys {
    private static final int MAX = Integer.MAX_VALUE;

    static final Key<Integer> KEEP_LAST = Key.value("keepLast", ValueTypes.wholeNumber(1, MAX),
            "The newest N backups.").byDefault(1);
    static final Key<Integer> KEEP_DAILY = Key.value("keepDaily", ValueTypes.wholeNumber(0, MAX),
            "The newest backup of each of the last N days.").byDefault(0);
    static final Key<Integer> KEEP_WEEKLY = Key.value("keepWeekly", ValueTypes.wholeNumber(0, MAX),
            "The same per week.").byDefault(0);
    static final Key<Integer> KEEP_MONTHLY = Key.value("keepMonthly", ValueTypes.wholeNumber(0, MAX),
            "The same per month.").byDefault(0);
    static final Key<Integer> KEEP_YEARLY = Key.value("keepYearly", ValueTypes.wholeNumber(0, MAX),
            "The same per year.").byDefault(0);
    static final Key<Duration> MAX_AGE = Key.value("maxAge", ValueTypes.DURATION,
            "An age limit on kept backups; `minKeep` still applies.");
    static final Key<Integer> MIN_KEEP = Key.value("minKeep", ValueTypes.wholeNumber(1, MAX),
            "Never fewer than N backups, whatever their age.").byDefault(1);
    static final Section LOGICAL_KEYS = Section.of("Grandfather-father-son retention for logical backups.",
            KEEP_LAST, KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY, KEEP_YEARLY, MAX_AGE, MIN_KEEP);

    static final Key<Integer> KEEP_FULL = Key.value("keepFull", ValueTypes.wholeNumber(1, MAX),
            "The newest N base backups.").byDefault(1);
    static final Key<Duration> RECOVERY_WINDOW = Key.value("recoveryWindow", ValueTypes.DURATION,
            "Keep what point-in-time recovery needs this far back.");
    static final Key<Integer> PHYSICAL_MIN_KEEP = Key.value("minKeep", ValueTypes.wholeNumber(1, MAX),
            "Never fewer than N base backups.").byDefault(1);
    static final Section PHYSICAL_KEYS = Section.of("Retention for base backups and the WAL they need.",
            KEEP_FULL, RECOVERY_WINDOW, PHYSICAL_MIN_KEEP);

    static final Key<Void> LOGICAL = Key.block("logical", LOGICAL_KEYS,
            "Rules for logical backups.").unset("keep every logical backup");
    static final Key<Void> PHYSICAL = Key.block("physical", PHYSICAL_KEYS,
            "Rules for base backups.").unset("keep every base backup");
    static final Key<Duration> UNFINISHED_GRACE = Key.value("unfinishedGrace", ValueTypes.DURATION,
            "Interrupted attempts older than this are removed.").byDefault(Duration.ofDays(1));

    static final Section SECTION = Section.of(
            "A backup kept by any rule is kept. Leaving `logical` or `physical` out keeps **every** backup of that"
            + " kind. Writing the block with nothing in it (for example after commenting its lines out) is a problem"
            + " rather than a guess, because its defaults would delete all but one backup.",
            LOGICAL, PHYSICAL, UNFINISHED_GRACE);

    private RetentionKeys() {}
}
