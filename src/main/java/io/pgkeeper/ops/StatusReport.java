package io.pgkeeper.ops;

import java.time.Instant;
import java.util.List;

/** The objectives of one cluster at one moment; ok when none is missed. */
public record StatusReport(String cluster, Instant checkedAt, boolean ok, List<Objective> objectives, List<String> missed) {

    public StatusReport {
        objectives = List.copyOf(objectives);
        missed = List.copyOf(missed);
    }
}
