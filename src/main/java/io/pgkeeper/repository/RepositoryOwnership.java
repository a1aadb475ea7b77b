package io.pgkeeper.repository;

import io.pgkeeper.repository.storage.OwnershipRule;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one ownership rule of the repository (docs/operations.md, "Repository ownership"): it
 * belongs to the server's OS user, who runs archive_command and must write {@code wal/}; backups
 * run as that user or as root, and root gives that user everything it creates there.
 */
public final class RepositoryOwnership {
    private RepositoryOwnership() {}

    /** The rule in one sentence, with the command that applies it to {@code root}. */
    public static String rule(Path root, Optional<String> serverUser) {
        return OwnershipRule.of(root, serverUser);
    }
}
