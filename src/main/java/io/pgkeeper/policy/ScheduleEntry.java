package io.pgkeeper.policy;

import java.util.Optional;

/**
 * One scheduled job of a cluster.
 *
 * @param command the pgkeeper command it runs: dump, basebackup, verify or prune
 * @param type for basebackup given as a map: full, diff or incr (pgBackRest backup types)
 * @param cron a standard 5-field (UNIX) cron expression, already validated
 */
public record ScheduleEntry(String command, Optional<String> type, String cron) {

    /** A name for unit files and messages, e.g. {@code basebackup-full}. */
    public String jobName() {
        return type.map(t -> command + "-" + t).orElse(command);
    }
}
