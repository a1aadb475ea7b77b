package io.pgkeeper.error;

/** The process exit codes pgkeeper promises to scripts. The numbers are a public contract. */
public enum ExitCode {
    OK(0),
    FAILED(1),
    USAGE(2),
    VERIFICATION_FAILED(3),
    LOCKED(4),
    /**
     * Only {@code archive get}: a failure other than "not archived" (corrupt file, unreadable
     * repository). PostgreSQL treats an exit status above 125 from restore_command as fatal and
     * stops recovery, instead of taking it as the end of WAL and promoting at the wrong point.
     */
    RECOVERY_MUST_STOP(126);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
