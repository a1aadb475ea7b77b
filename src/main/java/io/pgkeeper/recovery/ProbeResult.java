package io.pgkeeper.recovery;

import java.util.List;

/** What one look at a running copy found. */
public sealed interface ProbeResult {

    /**
     * The server answered.
     *
     * @param paused replay is paused (recovery_target_action = pause, or pg_wal_replay_pause())
     * @param replayLsn the last WAL location replayed; it stays put after promotion
     * @param lastTransaction the commit time of the last replayed transaction, UTC, or empty
     * @param timeline the timeline it writes on, once promoted; empty in recovery
     */
    record State(boolean inRecovery, boolean paused, String replayLsn, String lastTransaction, String timeline) implements ProbeResult {}

    /** Every way of logging in was refused; each attempt names its role and the server's reason. */
    record AuthFailed(List<String> attempts) implements ProbeResult {
        public AuthFailed {
            attempts = List.copyOf(attempts);
        }
    }

    /** Not answering yet (starting up, shutting down): look again. */
    record NotYet(String why) implements ProbeResult {}
}
