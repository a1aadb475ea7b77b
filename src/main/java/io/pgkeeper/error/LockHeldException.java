package io.pgkeeper.error;

/** Another pgkeeper run holds the lock for this cluster and operation. */
public class LockHeldException extends PgKeeperException {
    private static final long serialVersionUID = 1L;

    public LockHeldException(String message, String hint) {
        super(ExitCode.LOCKED, message, hint);
    }
}
