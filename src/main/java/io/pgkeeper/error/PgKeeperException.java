package io.pgkeeper.error;

import java.util.Optional;

/**
 * Every failure a user should see goes through this type: it carries the exit code, a message
 * that names the thing, and a hint that names the fix. The CLI maps it to output in one place.
 */
public class PgKeeperException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;
    private final String hint;

    public PgKeeperException(ExitCode exitCode, String message, String hint, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.hint = hint;
    }

    public PgKeeperException(ExitCode exitCode, String message, String hint) {
        this(exitCode, message, hint, null);
    }

    public PgKeeperException(ExitCode exitCode, String message) {
        this(exitCode, message, null, null);
    }

    public static PgKeeperException usage(String message, String hint) {
        return new PgKeeperException(ExitCode.USAGE, message, hint);
    }

    public static PgKeeperException failed(String message, String hint) {
        return new PgKeeperException(ExitCode.FAILED, message, hint);
    }

    public static PgKeeperException failed(String message, String hint, Throwable cause) {
        return new PgKeeperException(ExitCode.FAILED, message, hint, cause);
    }

    public static PgKeeperException verification(String message, String hint) {
        return new PgKeeperException(ExitCode.VERIFICATION_FAILED, message, hint);
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }
}
