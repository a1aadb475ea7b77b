package io.pgkeeper.ops;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * One scheduled job, rendered.
 *
 * @param argv the command line it runs, launcher first
 * @param lockWait how long a run waits for another's lock; empty for commands that take none
 * @param onCalendar the systemd translation of {@code cron}, when there is one
 * @param onCalendarProblem why there is none, otherwise null
 */
public record ScheduledJob(String cluster, String job, String cron, List<String> argv, Optional<Duration> lockWait,
        Optional<String> onCalendar, String onCalendarProblem, List<ZonedDateTime> next) {

    public ScheduledJob {
        argv = List.copyOf(argv);
        next = List.copyOf(next);
    }

    /** systemd unit name without suffix, e.g. {@code pgkeeper-main-basebackup-full}. */
    public String unitName() {
        return "pgkeeper-" + cluster + "-" + job;
    }
}
