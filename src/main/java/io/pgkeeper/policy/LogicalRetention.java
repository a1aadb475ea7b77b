package io.pgkeeper.policy;

import java.time.Duration;
import java.util.Optional;

/** Grandfather-father-son retention for logical backups; a backup kept by any rule is kept. */
public record LogicalRetention(
        int keepLast,
        int keepDaily,
        int keepWeekly,
        int keepMonthly,
        int keepYearly,
        Optional<Duration> maxAge,
        int minKeep) {}
