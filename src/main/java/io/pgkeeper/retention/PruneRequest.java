package io.pgkeeper.retention;

import java.time.Duration;
import java.util.Objects;

/** @param lockWait how long to wait for another run's cluster lock; zero fails at once */
public record PruneRequest(Duration lockWait) {
    public PruneRequest {
        Objects.requireNonNull(lockWait, "lockWait");
    }
}
