package io.pgkeeper.recovery;

import java.time.Duration;

/**
 * How a wait for recovery ended. Only the first four states mean the copy got where it was
 * asked to go; what the others mean for the caller is decided by {@link RecoveryFailures} (restore)
 * and by verify's verdict, from the same facts.
 *
 * @param probe the last answer of the server, or null when it never answered
 * @param log what the server's log said
 * @param logFile where that log is, for messages
 */
public record RecoveryOutcome(State state, ProbeResult.State probe, LogFacts log, String logFile, Duration waited, String detail) {

    public enum State {
        PROMOTED,
        PAUSED,
        SHUT_DOWN,
        STANDBY,
        /** the server exited before it got there (a FATAL or PANIC, a crash) */
        EXITED,
        /** the server exited because the archive ended before the recovery target */
        TARGET_NOT_REACHED,
        /** it runs, but no login pgkeeper knows is accepted */
        AUTH_FAILED,
        /** the policy's timeout passed; the server still runs */
        TIMED_OUT
    }

    public boolean reached() {
        return state == State.PROMOTED || state == State.PAUSED || state == State.SHUT_DOWN || state == State.STANDBY;
    }

    public String lsn() {
        return probe == null || probe.replayLsn().isEmpty() ? log.redoDone().orElse(null) : probe.replayLsn();
    }

    public String lastTransaction() {
        return probe == null || probe.lastTransaction().isEmpty() ? log.lastTransaction().orElse(null) : probe.lastTransaction();
    }
}
