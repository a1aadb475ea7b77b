package io.pgkeeper.error;

/**
 * The process exit codes pgkeeper promises to scripts, each with what it means. The numbers are a
 * public contract; the descriptions are the one text of it: every command's "Exit codes:" help
 * section is generated from them (cli/ExitCodeHelp), and the README's table is checked against them.
 */
public enum ExitCode {
    OK(0, "done"),
    FAILED(1, "an operation failed: a tool exited non-zero, an I/O error, the server was unreachable,"
            + " the repository cannot be read by this user"),
    USAGE(2, "usage or policy error: bad flag, invalid policy, unknown cluster or backup id, a repository that does not exist."
            + " Nothing was run"),
    VERIFICATION_FAILED(3, "verification failed: a checksum did not match, or a verify step or check failed"),
    LOCKED(4, "another pgkeeper run holds the lock for this cluster"),
    /**
     * Only {@code archive get}: a failure other than "not archived" (corrupt file, unreadable
     * repository). PostgreSQL treats an exit status above 125 from restore_command as fatal and
     * stops recovery, instead of taking it as the end of WAL and promoting at the wrong point.
     */
    RECOVERY_MUST_STOP(126, "only archive get: a failure other than \"not archived\" (PostgreSQL then stops recovery instead of promoting)");

    private final int code;
    private final String description;

    ExitCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    /** What the code means for any command; a command's help may say more precisely what it means there. */
    public String description() {
        return description;
    }
}
