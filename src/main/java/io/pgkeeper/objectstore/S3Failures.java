package io.pgkeeper.objectstore;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The one mapping of what the SDK throws to a {@link StoreFailure}: which answers are "absent",
 * which are worth another attempt, and what the operator reads. A missing bucket answers 404 too,
 * but it is never "absent": for {@code archive get} that would read as the end of WAL.
 */
public final class S3Failures {
    private static final Set<String> INTEGRITY_CODES = Set.of("BadDigest", "InvalidDigest", "XAmzContentSHA256Mismatch",
            "InvalidChecksum");
    private static final Set<String> DENIED_CODES = Set.of("AccessDenied", "SignatureDoesNotMatch", "InvalidAccessKeyId",
            "InvalidToken", "ExpiredToken", "RequestTimeTooSkewed");
    private static final Set<String> TRANSIENT_CODES = Set.of("RequestTimeout", "SlowDown", "InternalError", "ServiceUnavailable",
            "OperationAborted");

    private final URI endpoint;

    public S3Failures(URI endpoint) {
        this.endpoint = endpoint;
    }

    public ObjectStoreException classify(String what, Throwable e) {
        if (e instanceof ObjectStoreException o) {
            return o;
        }
        if (e instanceof NoSuchKeyException) {
            return of(StoreFailure.ABSENT, what + ": no such object", null, e);
        }
        if (e instanceof S3Exception s3) {
            return answer(what, s3);
        }
        Throwable ssl = find(e, SSLException.class);
        if (ssl != null && (ssl instanceof SSLHandshakeException || String.valueOf(ssl.getMessage()).contains("certificat"))) {
            return of(StoreFailure.CONFIGURATION, what + ": TLS with " + endpoint + " failed: " + ssl.getMessage(),
                    "if the store's certificate is signed by a private CA, name that CA's PEM file in s3.caFile", e);
        }
        if (e instanceof SdkClientException || find(e, IOException.class) != null) {
            return of(StoreFailure.UNAVAILABLE, what + ": " + reason(e), "check that the store at " + endpoint + " is up and reachable", e);
        }
        return of(StoreFailure.REJECTED, what + ": " + reason(e), null, e);
    }

    /** After the last attempt: the same failure, saying how long it was tried. */
    public ObjectStoreException gaveUp(String what, int attempts, Duration spent, ObjectStoreException last) {
        return of(last.failure(), last.getMessage() + " (gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts") + " in "
                + spent.toSeconds() + " s)", "check that the store at " + endpoint + " is up and reachable, then run again", last.getCause());
    }

    private ObjectStoreException answer(String what, S3Exception e) {
        int status = e.statusCode();
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String said = what + ": the store answered " + status + (code == null ? "" : " " + code);
        if ("NoSuchBucket".equals(code)) {
            return of(StoreFailure.REJECTED, said, "create the bucket, or fix s3.bucket", e);
        }
        if (status == 404 && (code == null || code.equals("NoSuchKey") || code.equals("NotFound"))) {
            return of(StoreFailure.ABSENT, what + ": no such object", null, e);
        }
        if (status >= 500 || status == 429 || (code != null && TRANSIENT_CODES.contains(code))) {
            return of(StoreFailure.UNAVAILABLE, said, "check that the store at " + endpoint + " is up", e);
        }
        if (code != null && INTEGRITY_CODES.contains(code)) {
            return of(StoreFailure.INTEGRITY, said + ": the bytes the store received do not match their checksum, so it stored"
                    + " nothing", "look for faulty memory or a proxy that alters requests between pgkeeper and the store", e);
        }
        if (status == 401 || status == 403 || (code != null && DENIED_CODES.contains(code))) {
            return of(StoreFailure.DENIED, said, "check the credentials (s3.accessKeyEnv/s3.secretKeyEnv or s3.credentialsFile) and"
                    + " that they may read and write the bucket; RequestTimeTooSkewed means this host's clock is off", e);
        }
        if (status == 501) {
            return of(StoreFailure.REJECTED, said + " (the store does not implement this request or one of its headers)",
                    "if s3.storageClass or s3.serverSideEncryption is set, this store may not support it", e);
        }
        return of(StoreFailure.REJECTED, said, null, e);
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static <X extends Throwable> X find(Throwable e, Class<X> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static ObjectStoreException of(StoreFailure failure, String message, String hint, Throwable cause) {
        return new ObjectStoreException(failure, message, hint, cause);
    }
}
