package io.pgkeeper.ops;

import java.time.Instant;

/**
 * The last run of one command on one cluster, as remembered between runs for the metrics and
 * for onRecovery.
 *
 * @param lastSuccessAt when this command last succeeded, null if never
 * @param sizeBytes the size of the backup the last successful run made, null when it makes none
 */
public record RunOutcome(String command, String kind, boolean ok, int exitCode, Instant finishedAt, long durationMs,
        Instant lastSuccessAt, Long sizeBytes) {

    public String key() {
        return command + "/" + kind;
    }
}
