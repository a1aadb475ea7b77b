package io.pgkeeper.backup;

import java.time.Duration;
import java.util.List;

/** @param databases databases named on the command line; empty means the policy's selection */
public record DumpRequest(List<String> databases, Duration lockWait) {
    public DumpRequest {
        databases = List.copyOf(databases);
    }
}
