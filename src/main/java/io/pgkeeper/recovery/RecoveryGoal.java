package io.pgkeeper.recovery;

/** Where a started copy is expected to end up, from recovery_target_action or --standby. */
public enum RecoveryGoal {
    /** recovery ends (at the target or the end of the archive) and the server opens read-write */
    PROMOTE,
    /** replay pauses at the target; the server stays in recovery, read-only */
    PAUSE,
    /** the server shuts down at the target */
    SHUTDOWN,
    /** a replica: consistent, and it keeps replaying; it never promotes */
    STANDBY
}
