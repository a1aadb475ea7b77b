package io.pgkeeper.policy;

import java.time.Duration;

/** Upper bounds on each external tool call; the process runner refuses calls without one. */
public record TimeoutPolicy(Duration dump, Duration restore, Duration verify, Duration connect) {

    public static TimeoutPolicy defaults() {
        return new TimeoutPolicy(ClusterKeys.DUMP_TIMEOUT.defaultValue(), ClusterKeys.RESTORE_TIMEOUT.defaultValue(),
                ClusterKeys.VERIFY_TIMEOUT.defaultValue(), ClusterKeys.CONNECT_TIMEOUT.defaultValue());
    }
}
