package io.pgkeeper.repository.storage;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The one ownership rule of a POSIX repository (docs/operations.md, "Repository ownership"): it
 * belongs to the server's OS user, who runs archive_command and must write {@code wal/}; backups
 * run as that user or as root, and root gives that user everything it creates there.
 */
public final class OwnershipRule {
    private OwnershipRule() {}

    /** The rule in one sentence, with the command that applies it to {@code root}. */
    public static String of(Path root, Optional<String> serverUser) {
        String owner = serverUser.orElse("the server's OS user");
        return "the repository must belong to " + owner + " (who runs archive_command) and be used by " + owner
                + " or root; to apply that, as root: chown -R " + owner + " " + root;
    }
}
