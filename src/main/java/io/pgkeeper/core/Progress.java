package io.pgkeeper.core;

/**
 * Progress of long steps, for a person watching a terminal. Off a terminal it is {@link #NONE},
 * so cron mails and logs carry no progress noise.
 */
@FunctionalInterface
public interface Progress {
    Progress NONE = line -> { };

    void report(String line);
}
