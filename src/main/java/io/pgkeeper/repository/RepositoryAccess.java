package io.pgkeeper.repository;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.util.FileOwner;
import io.pgkeeper.util.OsUser;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Tells a directory that does not exist from one this user cannot see. {@code Files.isDirectory}
 * answers false for both, which made an unreadable repository look empty: "no backups",
 * "archive ok". Every read of the repository goes through {@link #exists}, which walks from
 * {@code /} down and fails, naming the path, the user and the owner, at the first directory
 * this user cannot traverse on the way, or list at the end.
 */
public final class RepositoryAccess {
    private RepositoryAccess() {}

    /**
     * Whether {@code dir} (the repository root or a directory below it) exists.
     *
     * @param serverUser the OS user the repository must belong to (the ownership rule), for the fix
     * @throws PgKeeperException (exit 1) when a directory on the way cannot be traversed or listed
     */
    public static boolean exists(Path root, Path dir, Optional<String> serverUser) {
        Path absRoot = root.toAbsolutePath().normalize();
        Path target = dir.toAbsolutePath().normalize();
        Path at = target.getRoot();
        for (Path name : target) {
            at = at.resolve(name);
            boolean last = at.equals(target);
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(at, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                return false;
            } catch (AccessDeniedException e) {
                throw denied(at.getParent(), "traverse", absRoot, serverUser);
            } catch (IOException e) {
                throw PgKeeperException.failed("cannot read " + at + ": " + e.getMessage(), "check the repository path (repository.path)", e);
            }
            if (!a.isDirectory()) {
                throw PgKeeperException.failed(at + " is not a directory, but the repository needs one there",
                        "check repository.path in the policy, or move the file away");
            }
            if (last ? !(Files.isReadable(at) && Files.isExecutable(at)) : !Files.isExecutable(at)) {
                throw denied(at, last ? "list" : "traverse", absRoot, serverUser);
            }
        }
        return true;
    }

    /** Fails like {@link #exists} when this user cannot list {@code dir}, a directory the caller found by listing its parent. */
    public static void requireListable(Path dir, Path root, Optional<String> serverUser) {
        if (!(Files.isReadable(dir) && Files.isExecutable(dir))) {
            throw denied(dir, "list", root, serverUser);
        }
    }

    /** Fails (exit 2) when the repository root does not exist; unreadable parts fail with exit 1. */
    public static void requireRoot(Path root, Optional<String> serverUser, String policyHint) {
        if (!exists(root, root, serverUser)) {
            throw missing(root, policyHint);
        }
    }

    public static PgKeeperException missing(Path root, String context) {
        return PgKeeperException.usage("the repository " + root + " does not exist" + (context.isEmpty() ? "" : ": " + context),
                "check repository.path in the policy; the first dump or basebackup creates it");
    }

    /**
     * @param what {@code traverse}, {@code list}, {@code read} or {@code write}
     */
    public static PgKeeperException denied(Path path, String what, Path root, Optional<String> serverUser) {
        String me = OsUser.name();
        String message = "cannot " + what + " " + path + " as OS user " + me + " (" + FileOwner.describe(path) + ")";
        boolean inside = path.toAbsolutePath().normalize().startsWith(root.toAbsolutePath().normalize());
        String fix;
        if (!inside) {
            fix = "every directory above the repository must be searchable by " + me + " (e.g. chmod o+x " + path
                    + "), or move the repository (repository.path)";
        } else {
            fix = RepositoryOwnership.rule(root, serverUser);
        }
        return PgKeeperException.failed(message, fix);
    }
}
