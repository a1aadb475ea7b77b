package io.pgkeeper.policy;

import java.util.List;

/** {@code clusters.<name>.schedule}: when each job runs, in policy order. Empty when none is scheduled. */
public record SchedulePolicy(List<ScheduleEntry> entries) {

    public SchedulePolicy {
        entries = List.copyOf(entries);
    }

    public static SchedulePolicy none() {
        return new SchedulePolicy(List.of());
    }
}
