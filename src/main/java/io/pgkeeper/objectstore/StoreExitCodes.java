package io.pgkeeper.objectstore;

import io.pgkeeper.error.ExitCode;

/**
 * The exit code of each kind of command when the object store fails it, in one place (issue 18,
 * "Faults"). PostgreSQL reads {@code restore_command}'s status: 1 means "not archived" (recovery
 * ends or waits for streaming), above 125 means "stop recovery"; an unreachable store must never
 * look like the end of WAL. {@code archive_command} must fail with 1..125 so that PostgreSQL
 * keeps the segment and tries again. A backup whose upload failed has no manifest and exits 1.
 */
public final class StoreExitCodes {
    /** What the command was doing when the store failed. */
    public enum Command {
        /** {@code archive get}: fetching WAL for a recovering server. */
        ARCHIVE_GET,
        /** {@code archive push}: archive_command. */
        ARCHIVE_PUSH,
        /** {@code dump}, {@code basebackup}, {@code prune} and the other writers and readers. */
        OTHER
    }

    private StoreExitCodes() {}

    public static ExitCode of(Command command, StoreFailure failure) {
        if (command == Command.ARCHIVE_GET) {
            return failure == StoreFailure.ABSENT ? ExitCode.FAILED : ExitCode.RECOVERY_MUST_STOP;
        }
        return ExitCode.FAILED;
    }

    /** The exception as the command must end with it. */
    public static ObjectStoreException apply(Command command, ObjectStoreException e) {
        ExitCode code = of(command, e.failure());
        return code == e.exitCode() ? e : e.withExitCode(code);
    }
}
