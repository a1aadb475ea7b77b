package io.pgkeeper.objectstore;

import java.util.Optional;

/**
 * An access key and its secret (and a session token for temporary credentials). {@link #toString}
 * shows neither the secret nor the token, so a record printed in a log or a message leaks
 * nothing; the access key id is shown, as the stores' own logs show it.
 */
public record S3Credentials(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {

    public S3Credentials {
        if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
            throw new IllegalArgumentException("access key id and secret must not be empty");
        }
    }

    @Override
    public String toString() {
        return "S3Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=(hidden)"
                + (sessionToken.isPresent() ? ", sessionToken=(hidden)" : "") + "]";
    }
}
