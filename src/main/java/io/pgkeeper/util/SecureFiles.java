package io.pgkeeper.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * Files 0600 and directories 0700 whatever the umask, and the fsync-rename-fsync sequence that
 * makes a file durable under its final name.
 *
 * <p>When pgkeeper runs as root, what it creates takes the owner of the directory it is created
 * in. A repository owned by the server's OS user (whose archive_command writes WAL into it) then
 * stays readable and writable for that user after a root-run backup or verify.
 */
public final class SecureFiles {
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");

    private SecureFiles() {}

    /** Creates the directory and any missing parents, each new one 0700. */
    public static Path createDirectories(Path dir) {
        return createDirectories(dir, java.util.Optional.empty());
    }

    /**
     * As {@link #createDirectories(Path)}; run as root, each new directory belongs to
     * {@code ownerWhenRoot} when given (the repository's ownership rule: what root creates there
     * belongs to the server's OS user), otherwise to its parent's owner.
     */
    public static Path createDirectories(Path dir, java.util.Optional<String> ownerWhenRoot) {
        try {
            Path abs = dir.toAbsolutePath();
            Path parent = abs.getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                createDirectories(parent, ownerWhenRoot);
            }
            if (!Files.isDirectory(abs)) {
                try {
                    Files.createDirectory(abs);
                    Files.setPosixFilePermissions(abs, DIR);
                    own(abs, ownerWhenRoot);
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
    public static Path createFile(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createFile(file);
                inheritOwner(file);
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
    public static void tighten(Path root) {
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

    /** Writes bytes to {@code target} durably: temp name, fsync, rename, fsync of the directory. */
    public static void writeAtomically(Path target, byte[] content) {
        writeAtomically(target, content, FILE);
    }

    /**
     * As {@link #writeAtomically(Path, byte[])} with other permissions, for the few files meant for
     * other readers (the metrics textfile node_exporter reads); the temp file has them from the start.
     */
    public static void writeAtomically(Path target, byte[] content, Set<PosixFilePermission> permissions) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(permissions))) {
                Files.setPosixFilePermissions(tmp, permissions);
                inheritOwner(tmp);
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
    public static void own(Path path, java.util.Optional<String> owner) {
        if (owner.isEmpty() || !OsUser.isRoot()) {
            inheritOwner(path);
            return;
        }
        java.util.Optional<UserPrincipal> user = FileOwner.user(owner.get());
        if (user.isEmpty()) {
            inheritOwner(path);
            return;
        }
        try {
            Files.setOwner(path, user.get());
            // the user's group of the same name, as useradd --user-group makes it; root's group otherwise stays
            FileOwner.group(owner.get()).ifPresent(g -> {
                try {
                    Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(g);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As root, gives {@code path} the owner of its parent directory; otherwise does nothing. */
    public static void inheritOwner(Path path) {
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
    private static UserPrincipal parentOwner(Path path) {
        if (!OsUser.isRoot()) {
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
            return null;
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
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fsyncs every regular file below {@code root}, then every directory, deepest first. */
    public static void fsyncTree(Path root) {
        try (var walk = Files.walk(root)) {
            var paths = walk.sorted(java.util.Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    fsync(p);
                }
            }
            for (Path p : paths) {
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    fsyncDirectory(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
