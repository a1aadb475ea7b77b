package io.pgkeeper.repository;

import io.pgkeeper.util.FileOwner;
import io.pgkeeper.util.OsUser;
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
        String owner = serverUser.orElse("the server's OS user");
        return "the repository must belong to " + owner + " (who runs archive_command) and be used by " + owner
                + " or root; to apply that, as root: chown -R " + owner + " " + root;
    }

    /**
     * Run as root, a directory that pgkeeper is about to write into and that belongs to someone
     * other than the server's user is logged: what root writes there would be unreadable or
     * unwritable for archive_command.
     */
    static void warnIfForeign(Path dir, Optional<String> serverUser) {
        if (serverUser.isEmpty() || !OsUser.isRoot()) {
            return;
        }
        Optional<String> owner = FileOwner.owner(dir);
        if (owner.isPresent() && !owner.get().equals(serverUser.get()) && FileOwner.user(serverUser.get()).isPresent()) {
            org.slf4j.LoggerFactory.getLogger(RepositoryOwnership.class).warn(
                    "{} belongs to {}, but archive_command runs as {} and must write there: as root, chown -R {} {}", dir, owner.get(),
                    serverUser.get(), serverUser.get(), dir);
        }
    }
}
