package io.pgkeeper.objectstore;

import java.util.Optional;

/**
 * Encryption at rest done by the store ({@code x-amz-server-side-encryption}), asked for on every
 * upload. It protects against lost disks at the provider, not against the provider: that is what
 * client-side encryption ({@code encryption:}) is for.
 *
 * @param algorithm {@code AES256} (keys managed by the store) or {@code aws:kms}
 * @param kmsKeyId with {@code aws:kms}: the key's id or ARN; empty for the account's default key
 */
public record ServerSideEncryption(String algorithm, Optional<String> kmsKeyId) {
    public static final String AES256 = "AES256";
    public static final String KMS = "aws:kms";

    public ServerSideEncryption {
        if (!algorithm.equals(AES256) && !algorithm.equals(KMS)) {
            throw new IllegalArgumentException("server-side encryption must be " + AES256 + " or " + KMS + " (got " + algorithm + ")");
        }
        if (kmsKeyId.isPresent() && !algorithm.equals(KMS)) {
            throw new IllegalArgumentException("a KMS key id needs algorithm " + KMS);
        }
    }
}
