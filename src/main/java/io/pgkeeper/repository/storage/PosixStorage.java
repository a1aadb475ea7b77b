package io.pgkeeper.repository.storage;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.util.OsIdentity;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The repository as a local directory. Run as root, what it creates belongs to the server's OS
 * user (the ownership rule, {@link OwnershipRule}); files are 0600 and directories 0700 whatever
 * the umask; and a path this user cannot see fails naming it, never reads as empty.
 */
public final class PosixStorage implements Storage {
    private final Path root;
    private final Optional<String> serverUser;
    private final SecureFiles files;
    private final PosixAccess access;

    /**
     * @param serverUser the OS user that runs archive_command: run as root, pgkeeper gives it what
     *     it creates here, and messages about access name it
     */
    public PosixStorage(Path root, Optional<String> serverUser, OsIdentity me) {
        this.root = root;
        this.serverUser = serverUser;
        this.files = new SecureFiles(me);
        this.access = new PosixAccess(root, serverUser, me);
    }

    /** The file or directory of a key. */
    public Path path(String key) {
        return key.isEmpty() ? root : root.resolve(key);
    }

    @Override
    public String describe(String key) {
        return path(key).toString();
    }

    @Override
    public boolean exists(String dir) {
        return access.exists(path(dir));
    }

    @Override
    public Optional<StoredEntry> stat(String key) throws IOException {
        try {
            return Optional.of(entry(key, Files.readAttributes(path(key), BasicFileAttributes.class)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<StoredEntry> list(String dir, String namePrefix) throws IOException {
        Path d = path(dir);
        List<StoredEntry> out = new ArrayList<>();
        if (!access.exists(d)) {
            return out;
        }
        String parent = dir.isEmpty() ? "" : dir + "/";
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (!name.startsWith(namePrefix)) {
                    continue;
                }
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class);
                } catch (NoSuchFileException gone) {
                    continue; // deleted since the directory was read: as if listed a moment later
                }
                if (a.isDirectory()) {
                    access.requireListable(p);
                }
                out.add(entry(parent + name, a));
            }
        }
        Collections.sort(out);
        return out;
    }

    @Override
    public List<StoredEntry> walk(String dir) throws IOException {
        return PosixTrees.walk(root, path(dir));
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(path(key));
    }

    @Override
    public void put(String key, byte[] content) throws IOException {
        Path file = path(key);
        try {
            parent(file);
            files.write(file, content, SecureFiles.FILE);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public PendingObject create(String dir, String label) throws IOException {
        Path d = path(dir);
        try {
            files.mkdirs(d, serverUser);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new PosixPending(this, d, label, files);
    }

    @Override
    public void append(String key, byte[] record) throws IOException {
        Path file = path(key);
        try {
            parent(file);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                Files.setPosixFilePermissions(file, SecureFiles.FILE);
                files.inheritOwnership(file);
                ByteBuffer buf = ByteBuffer.wrap(record);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(false);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        Path file = path(key);
        boolean deleted = Files.deleteIfExists(file);
        if (deleted) {
            SecureFiles.fsyncDirectory(file.toAbsolutePath().getParent());
        }
        return deleted;
    }

    @Override
    public void deleteAll(String dir) throws IOException {
        PosixTrees.deleteAll(path(dir));
    }

    @Override
    public boolean reserve(String dir) {
        Path d = path(dir);
        try {
            parent(d);
            Files.createDirectory(d);
            Files.setPosixFilePermissions(d, SecureFiles.DIR);
            files.giveTo(d, serverUser);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw access.notWritable(d, e);
        } catch (UncheckedIOException e) {
            throw access.notWritable(d, e.getCause());
        }
    }

    @Override
    public void prepare(String dir) {
        Path d = path(dir);
        try {
            files.mkdirs(d, serverUser);
        } catch (UncheckedIOException e) {
            throw access.notWritable(d, e.getCause());
        }
        if (!Files.isWritable(d)) {
            throw access.notWritable(d, null);
        }
        access.warnIfForeign(d);
    }

    @Override
    public Path stage(String dir) {
        return path(dir);
    }

    @Override
    public void publish(String dir) throws IOException {
        PosixTrees.publish(path(dir), files);
    }

    @Override
    public LocalTree local(String dir, java.util.function.Predicate<String> wanted) {
        return LocalTree.inPlace(path(dir)); // in place: every file is there, a superset of what is wanted
    }

    @Override
    public void sync(String dir) throws IOException {
        try {
            SecureFiles.fsyncDirectory(path(dir));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public PgKeeperException failure(String doing, IOException e, String diskFullHint) {
        return access.failure(doing, e, diskFullHint);
    }

    /** Creates the missing parents of a file the caller is about to write, as the repository's directories are made. */
    private void parent(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            files.mkdirs(dir, serverUser);
        }
    }

    static StoredEntry entry(String key, BasicFileAttributes a) {
        return new StoredEntry(key, a.isDirectory(), a.size(), a.lastModifiedTime().toInstant());
    }
}
