package io.pgkeeper.repository.storage;

import io.pgkeeper.objectstore.ObjectStoreException;
import io.pgkeeper.objectstore.StoreFailure;
import java.util.function.Supplier;

/**
 * The fix an operator reads when the bucket refuses or fails a request, said with what this
 * repository knows and the object store does not: the bucket's URL and where the credentials
 * come from (variable names or a file's path, never a value).
 */
final class S3Fixes {
    private final String repository;
    private final String credentials;

    S3Fixes(String repository, String credentials) {
        this.repository = repository;
        this.credentials = credentials;
    }

    /** Runs a store call; a credential failure is said again with where the credentials come from. */
    <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (ObjectStoreException e) {
            if (e.failure() != StoreFailure.DENIED) {
                throw e;
            }
            throw new ObjectStoreException(e.failure(), e.getMessage(), fix(e), e);
        }
    }

    String fix(ObjectStoreException e) {
        return switch (e.failure()) {
            case DENIED -> "check the credentials in " + credentials + " and that they may read, write and delete objects in "
                    + repository + "; RequestTimeTooSkewed means this host's clock is off";
            case REJECTED -> e.hint().orElse("check repository.s3.bucket (it must exist) and repository.s3.endpoint");
            default -> e.hint().orElse("check repository.s3.endpoint and that the store is up");
        };
    }
}
