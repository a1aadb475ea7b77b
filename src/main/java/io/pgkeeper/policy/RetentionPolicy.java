package io.pgkeeper.policy;

import java.time.Duration;
import java.util.Optional;

/**
 * Retention per backup kind. An absent kind keeps every backup of that kind; unfinished attempts
 * older than {@code unfinishedGrace} are removed either way.
 */
public record RetentionPolicy(
        Optional<LogicalRetention> logical, Optional<PhysicalRetention> physical, Duration unfinishedGrace) {

    public static RetentionPolicy defaults() {
        return new RetentionPolicy(Optional.empty(), Optional.empty(), RetentionKeys.UNFINISHED_GRACE.defaultValue());
    }
}
