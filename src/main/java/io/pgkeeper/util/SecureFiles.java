package io.pgkeeper.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;

/**
 * Files 0600 and directories 0700 whatever the umask, and the fsync-rename-fsync sequence that
 * makes a file durable under its final name.
 *
 * <p>When pgkeeper runs as root, what it creates takes the owner of the directory it is created
 * in. A repository owned by the server's OS user (whose archive_command writes WAL into it) then
 * stays readable and writable for that user after a root-run backup or verify. Whether it runs
 * as root is the {@link OsIdentity} this instance was given, never read here.
 */
public final class SecureFiles {
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");

    private final OsIdentity me;

    public SecureFiles(OsIdentity me) {
        this.me = me;
    }

    /**
     * Creates the directory and any missing parents, each new one 0700; run as root, each new one
     * belongs to {@code ownerWhenRoot} when given (the repository's ownership rule: what root
     * creates there belongs to the server's OS user), otherwise to its parent's owner.
     */
    public Path mkdirs(Path dir, Optional<String> ownerWhenRoot) {
        try {
            Path abs = dir.toAbsolutePath();
            Path parent = abs.getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                mkdirs(parent, ownerWhenRoot);
            }
            if (!Files.isDirectory(abs)) {
                try {
                    Files.createDirectory(abs);
                    Files.setPosixFilePermissions(abs, DIR);
                    giveTo(abs, ownerWhenRoot);
                } catch (FileAlreadyExistsException e) {
                    if (!Files.isDirectory(abs)) {
                        throw e;
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates (or truncates) a file with mode 0600 before anything is written to it. */
    public Path newFile(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createFile(file);
                inheritOwnership(file);
            }
            Files.setPosixFilePermissions(file, FILE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Chmods every file below {@code root} 0600 and every directory 0700 (tools ignore our umask),
     * and, as root, gives them the owner of {@code root}'s parent.
     */
    public void tightenTree(Path root) {
        UserPrincipal owner = parentOwner(root);
        try (var walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                Files.setPosixFilePermissions(p, Files.isDirectory(p) ? DIR : FILE);
                if (owner != null) {
                    Files.setOwner(p, owner);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes bytes to {@code target} durably: temp name, fsync, rename, fsync of the directory. The
     * temp file has {@code permissions} from the start (0600, or wider for the few files meant for
     * other readers, such as the metrics textfile node_exporter reads).
     */
    public void write(Path target, byte[] content, Set<PosixFilePermission> permissions) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(permissions))) {
                Files.setPosixFilePermissions(tmp, permissions);
                inheritOwnership(tmp);
                var buf = java.nio.ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsyncDirectory(dir);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original failure is the one worth reporting
            }
            throw new UncheckedIOException(e);
        }
    }

    /** As root, gives {@code path} to {@code owner} when that OS user exists, else its parent's owner; otherwise does nothing. */
    public void giveTo(Path path, Optional<String> owner) {
        if (owner.isEmpty() || !me.root()) {
            inheritOwnership(path);
            return;
        }
        Optional<UserPrincipal> user = FileOwner.user(owner.get());
        if (user.isEmpty()) {
            inheritOwnership(path);
            return;
        }
        try {
            Files.setOwner(path, user.get());
            // the user's group of the same name, as useradd --user-group makes it; root's group otherwise stays
            var group = FileOwner.group(owner.get());
            if (group.isPresent()) {
                Files.getFileAttributeView(path, PosixFileAttributeView.class).setGroup(group.get());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As root, gives {@code path} the owner of its parent directory; otherwise does nothing. */
    public void inheritOwnership(Path path) {
        UserPrincipal owner = parentOwner(path);
        if (owner == null) {
            return;
        }
        try {
            Files.setOwner(path, owner);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The parent's owner when we are root and it is someone else; null when nothing needs changing. */
    private UserPrincipal parentOwner(Path path) {
        if (!me.root()) {
            return null;
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent == null) {
            return null;
        }
        try {
            UserPrincipal owner = Files.getOwner(parent);
            return owner.getName().equals("root") ? null : owner;
        } catch (IOException e) {
            return null; // an owner we cannot read we cannot copy: the file keeps ours
        }
    }

    public static void fsync(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void fsyncDirectory(Path dir) {
        fsync(dir); // a directory opens for reading like a file, and force() syncs its entries
    }

    /** Fsyncs every regular file below {@code root}, then every directory, deepest first. */
    public static void fsyncTree(Path root) {
        try (var walk = Files.walk(root)) {
            var paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    fsync(p);
                }
            }
            for (Path p : paths) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    fsyncDirectory(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // The static forms below are for callers outside repository/ and archive/, which do not yet
    // get the OS identity from their context (issue 16, part C hands it to them). Each asks the
    // OS who we are, as every caller did before; repository/ and archive/ use an instance.

    /** As {@link #mkdirs}, with no owner for root to give. */
    public static Path createDirectories(Path dir) {
        return current().mkdirs(dir, Optional.empty());
    }

    public static Path createFile(Path file) {
        return current().newFile(file);
    }

    public static void tighten(Path root) {
        current().tightenTree(root);
    }

    /** As {@link #write} with mode 0600. */
    public static void writeAtomically(Path target, byte[] content) {
        current().write(target, content, FILE);
    }

    public static void writeAtomically(Path target, byte[] content, Set<PosixFilePermission> permissions) {
        current().write(target, content, permissions);
    }

    private static SecureFiles current() {
        return new SecureFiles(OsIdentity.current());
    }
}
