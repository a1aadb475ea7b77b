package io.pgkeeper.objectstore;

import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;

/**
 * A request to the object store that failed for good (after the retries it was allowed). It
 * carries the {@link StoreFailure} so that each command maps it to its exit code in one place
 * ({@link StoreExitCodes}); on its own it is exit 1. The message names the object as
 * {@code s3://bucket/key} and never holds a credential.
 */
public class ObjectStoreException extends PgKeeperException {
    private static final long serialVersionUID = 1L;

    private final StoreFailure failure;

    public ObjectStoreException(StoreFailure failure, String message, String hint, Throwable cause) {
        this(ExitCode.FAILED, failure, message, hint, cause);
    }

    private ObjectStoreException(ExitCode code, StoreFailure failure, String message, String hint, Throwable cause) {
        super(code, message, hint, cause);
        this.failure = failure;
    }

    public StoreFailure failure() {
        return failure;
    }

    /** The same failure with another exit code, e.g. 126 for {@code archive get}. */
    public ObjectStoreException withExitCode(ExitCode code) {
        ObjectStoreException e = new ObjectStoreException(code, failure, getMessage(), hint().orElse(null), getCause());
        e.setStackTrace(getStackTrace());
        return e;
    }
}
