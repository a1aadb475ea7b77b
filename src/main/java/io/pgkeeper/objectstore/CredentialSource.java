package io.pgkeeper.objectstore;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the S3 credentials come from. Never the policy file itself and never argv: either
 * environment variables whose names the policy gives (systemd's {@code EnvironmentFile}, a
 * secret manager's agent), or a credentials file in the AWS shared-credentials format. pgkeeper
 * never looks at the SDK's own places ({@code AWS_ACCESS_KEY_ID}, {@code ~/.aws}, instance
 * metadata): what it uses is exactly what the policy names.
 */
public sealed interface CredentialSource {

    /** The credentials, read now; fails with {@link StoreFailure#CONFIGURATION} naming what is missing. */
    S3Credentials resolve(Map<String, String> environment);

    /** What the source is, for messages: variable names or a path, never a value. */
    String describe();

    /** Environment variables named by {@code s3.accessKeyEnv}, {@code s3.secretKeyEnv} and, optionally, {@code s3.sessionTokenEnv}. */
    record Environment(String accessKeyEnv, String secretKeyEnv, Optional<String> sessionTokenEnv) implements CredentialSource {
        @Override
        public S3Credentials resolve(Map<String, String> environment) {
            String key = required(environment, accessKeyEnv);
            String secret = required(environment, secretKeyEnv);
            Optional<String> token = sessionTokenEnv.map(name -> required(environment, name));
            return new S3Credentials(key, secret, token);
        }

        @Override
        public String describe() {
            return "environment variables " + accessKeyEnv + " and " + secretKeyEnv + sessionTokenEnv.map(t -> " and " + t).orElse("");
        }

        private static String required(Map<String, String> environment, String name) {
            String value = environment.get(name);
            if (value == null || value.isBlank()) {
                throw new ObjectStoreException(StoreFailure.CONFIGURATION, "the S3 credential variable " + name + " is "
                        + (value == null ? "not set" : "empty"), "set " + name + " in the environment pgkeeper runs in"
                        + " (for systemd units: /etc/pgkeeper/<cluster>.env), or use s3.credentialsFile", null);
            }
            return value.strip();
        }
    }

    /** A file in the AWS shared-credentials format ({@code [profile]}, {@code aws_access_key_id = ...}). */
    record File(Path path, String profile) implements CredentialSource {
        @Override
        public S3Credentials resolve(Map<String, String> environment) {
            return CredentialsFile.read(path, profile);
        }

        @Override
        public String describe() {
            return "credentials file " + path + " (profile " + profile + ")";
        }
    }
}
