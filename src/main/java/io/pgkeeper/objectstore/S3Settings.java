package io.pgkeeper.objectstore;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything the S3 client needs, all of it explicit: nothing comes from the SDK's environment
 * variables, profile files or instance metadata (see {@link S3Clients}).
 *
 * @param endpoint {@code https://host[:port]}; plain {@code http} is accepted only for a store on
 *     the loopback interface
 * @param prefix key prefix inside the bucket, without leading or trailing {@code /}; may be empty
 * @param caFile PEM certificates to trust instead of the JDK's trust store (a private CA)
 * @param storageClass e.g. {@code STANDARD_IA}; empty for the bucket's default
 * @param partSize the first part size of multipart uploads (bytes, at least 5 MiB); see {@link PartSizes}
 */
public record S3Settings(URI endpoint, String region, String bucket, String prefix, UriStyle uriStyle, Optional<Path> caFile,
        CredentialSource credentials, Optional<String> storageClass, Optional<ServerSideEncryption> serverSideEncryption,
        long partSize, Timeouts timeouts, RetryBounds retries) {

    public static final long DEFAULT_PART_SIZE = 8L << 20;

    public S3Settings {
        prefix = StoreKeys.normalPrefix(prefix);
        if (partSize < PartSizes.MIN_PART) {
            throw new IllegalArgumentException("part size must be at least 5 MiB (got " + partSize + ")");
        }
    }

    /** The usual settings: default part size, timeouts and retries. */
    public static S3Settings of(URI endpoint, String region, String bucket, String prefix, UriStyle uriStyle, Optional<Path> caFile,
            CredentialSource credentials) {
        return new S3Settings(endpoint, region, bucket, prefix, uriStyle, caFile, credentials, Optional.empty(), Optional.empty(),
                DEFAULT_PART_SIZE, Timeouts.DEFAULT, RetryBounds.DEFAULT);
    }

    public S3Settings withRetries(RetryBounds bounds, Timeouts limits) {
        return new S3Settings(endpoint, region, bucket, prefix, uriStyle, caFile, credentials, storageClass, serverSideEncryption,
                partSize, limits, bounds);
    }

    public S3Settings withPartSize(long bytes) {
        return new S3Settings(endpoint, region, bucket, prefix, uriStyle, caFile, credentials, storageClass, serverSideEncryption,
                bytes, timeouts, retries);
    }

    public S3Settings withUploadOptions(Optional<String> storage, Optional<ServerSideEncryption> sse) {
        return new S3Settings(endpoint, region, bucket, prefix, uriStyle, caFile, credentials, storage, sse, partSize, timeouts,
                retries);
    }

    /** {@code s3://bucket/prefix/key}, how messages name an object. */
    public String describe(String key) {
        return "s3://" + bucket + "/" + StoreKeys.join(prefix, key);
    }
}
