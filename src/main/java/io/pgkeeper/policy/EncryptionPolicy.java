package io.pgkeeper.policy;

import io.pgkeeper.crypto.AgeRecipient;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code repository.encryption}: the age recipients everything is encrypted to, validated when the
 * policy is loaded, and the identity file, which only the commands that decrypt ever read.
 */
public record EncryptionPolicy(List<AgeRecipient> recipients, Optional<Path> identityFile) {
    public EncryptionPolicy {
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("encryption needs at least one recipient");
        }
    }
}
