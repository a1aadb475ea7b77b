package io.pgkeeper.policy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code repository.s3}: the bucket an S3 repository lives in, and how to reach it. Holds names
 * of credential variables or a file's path, never a credential.
 *
 * @param prefix without leading or trailing {@code /}; empty for the bucket's top
 * @param credentials where the access key comes from
 */
public record S3Policy(URI endpoint, String bucket, String region, String prefix, UriStyle uriStyle, Optional<Path> caFile,
        Credentials credentials, Optional<String> storageClass, Optional<String> sse, Optional<String> kmsKeyId, long partSize,
        Duration retryFor) {

    /** How the bucket appears in request URLs. */
    public enum UriStyle { PATH, HOST }

    /** Either the names of environment variables, or a credentials file and its profile. */
    public sealed interface Credentials {}

    public record FromEnvironment(String accessKeyEnv, String secretKeyEnv, Optional<String> sessionTokenEnv) implements Credentials {}

    public record FromFile(Path file, String profile) implements Credentials {}
}
