package io.pgkeeper.repository.storage;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.util.FileOwner;
import io.pgkeeper.util.OsIdentity;
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
final class PosixAccess {
    private final Path root;
    private final Path absRoot;
    private final Optional<String> serverUser;
    private final OsIdentity me;

    PosixAccess(Path root, Optional<String> serverUser, OsIdentity me) {
        this.root = root;
        this.absRoot = root.toAbsolutePath().normalize();
        this.serverUser = serverUser;
        this.me = me;
    }

    /**
     * Whether {@code dir} (the repository root or a directory below it) exists.
     *
     * @throws PgKeeperException (exit 1) when a directory on the way cannot be traversed or listed
     */
    boolean exists(Path dir) {
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
                throw denied(at.getParent(), "traverse");
            } catch (IOException e) {
                throw PgKeeperException.failed("cannot read " + at + ": " + e.getMessage(), "check the repository path (repository.path)", e);
            }
            if (!a.isDirectory()) {
                throw PgKeeperException.failed(at + " is not a directory, but the repository needs one there",
                        "check repository.path in the policy, or move the file away");
            }
            if (last ? !(Files.isReadable(at) && Files.isExecutable(at)) : !Files.isExecutable(at)) {
                throw denied(at, last ? "list" : "traverse");
            }
        }
        return true;
    }

    /** Fails like {@link #exists} when this user cannot list {@code dir}, a directory found by listing its parent. */
    void requireListable(Path dir) {
        if (!(Files.isReadable(dir) && Files.isExecutable(dir))) {
            throw denied(dir, "list");
        }
    }

    /** @param what {@code traverse}, {@code list}, {@code read} or {@code write} */
    PgKeeperException denied(Path path, String what) {
        String message = "cannot " + what + " " + path + " as OS user " + me.name() + " (" + FileOwner.describe(path) + ")";
        boolean inside = path.toAbsolutePath().normalize().startsWith(absRoot);
        String fix = inside ? OwnershipRule.of(root, serverUser)
                : "every directory above the repository must be searchable by " + me.name() + " (e.g. chmod o+x " + path
                        + "), or move the repository (repository.path)";
        return PgKeeperException.failed(message, fix);
    }

    /** A directory a run must write to cannot be created or written: which path blocks it, and why. */
    PgKeeperException notWritable(Path dir, IOException cause) {
        String reason = cause == null ? "permission denied" : cause.getClass().getSimpleName().replace("Exception", "")
                + (cause.getMessage() == null ? "" : " " + cause.getMessage());
        Path blocking = dir;
        while (blocking.getParent() != null && !Files.isDirectory(blocking)) {
            blocking = blocking.getParent();
        }
        return PgKeeperException.failed("repository path " + dir + " cannot be written as OS user " + me.name() + ": " + reason + " ("
                + blocking + ": " + FileOwner.describe(blocking) + ")", "check repository.path in the policy; " + OwnershipRule.of(root, serverUser));
    }

    /**
     * Run as root, a directory that pgkeeper is about to write into and that belongs to someone
     * other than the server's user is logged: what root writes there would be unreadable or
     * unwritable for archive_command.
     */
    void warnIfForeign(Path dir) {
        if (serverUser.isEmpty() || !me.root()) {
            return;
        }
        Optional<String> owner = FileOwner.owner(dir);
        if (owner.isPresent() && !owner.get().equals(serverUser.get()) && FileOwner.user(serverUser.get()).isPresent()) {
            // looked up here: archive push and get never come this way and must not start the logging framework
            org.slf4j.LoggerFactory.getLogger(PosixStorage.class).warn(
                    "{} belongs to {}, but archive_command runs as {} and must write there: as root, chown -R {} {}", dir, owner.get(),
                    serverUser.get(), serverUser.get(), dir);
        }
    }

    /** An access denied names the directory that refused, this user and its owner, with the ownership rule. */
    PgKeeperException failure(String doing, IOException e, String diskFullHint) {
        if (e instanceof AccessDeniedException refused && refused.getFile() != null) {
            Path blocking = Path.of(refused.getFile());
            while (blocking.getParent() != null && !Files.exists(blocking)) {
                blocking = blocking.getParent(); // what could not be created is named by the directory that refused it
            }
            // "reading ..." was refused a read, "listing ..." a listing; anything else is a write
            String verb = doing.startsWith("reading ") ? "read" : doing.startsWith("listing ") ? "list" : "write";
            PgKeeperException pk = denied(blocking, verb);
            String context = doing.endsWith(" " + blocking) ? "" : " while " + doing;
            return PgKeeperException.failed(pk.getMessage() + context, pk.hint().orElse(null), e);
        }
        return IoFailures.of(doing, e, diskFullHint);
    }
}
