package io.pgkeeper.archive;

import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.repository.Checksums;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.repository.RepositoryAccess;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The WAL archive of one cluster: {@code <repository>/<cluster>/wal/}. Push never returns
 * before the file is durable under its final name; get never leaves a partial file at the
 * destination. Neither takes a lock, so archiving never waits for a backup.
 */
public final class WalArchive {

    private final Path clusterDir;
    private final Path walDir;
    private final Optional<String> serverUser;

    public WalArchive(Path clusterDir) {
        this(clusterDir, Optional.empty());
    }

    /** @param serverUser who runs archive_command: owner of what root creates here, named in access errors */
    public WalArchive(Path clusterDir, Optional<String> serverUser) {
        this.clusterDir = clusterDir;
        this.walDir = clusterDir.resolve("wal");
        this.serverUser = serverUser;
    }

    public static WalArchive of(Repository repository, String cluster) {
        return new WalArchive(repository.clusterDir(cluster), repository.serverUser());
    }

    /** Whether {@code dir} exists; fails naming path, user and owner when this user cannot read the way there. */
    private boolean readable(Path dir) {
        return RepositoryAccess.exists(clusterDir.getParent(), dir, serverUser);
    }

    public Path walDir() {
        return walDir;
    }

    /** What push did: archived it, or found the identical file already there. */
    public record PushResult(ArchivedFile file, boolean alreadyArchived) {}

    public PushResult push(Path source, Compression compression) {
        String name = source.getFileName().toString();
        WalNames.Type type = WalNames.type(name).orElseThrow(() -> PgKeeperException.usage(
                "'" + name + "' is not a WAL file name (24 hex digits, optionally .partial; NNNNNNNN.history; or a .backup file)",
                "archive_command must pass %p, e.g. archive_command = 'pgkeeper archive push --policy P --cluster C %p'"));
        if (!Files.exists(source) || Files.isDirectory(source)) {
            throw PgKeeperException.failed("WAL file " + source + " does not exist or is a directory", "archive_command must pass %p");
        }
        ensureDir();
        Path tmp = walDir.resolve(".tmp-" + name + "-" + WalFiles.uniqueSuffix());
        // One pass over the source: the header is checked from the same stream that is copied.
        try (InputStream in = Files.newInputStream(source)) {
            byte[] head = new byte[0];
            if (type == WalNames.Type.SEGMENT || type == WalNames.Type.PARTIAL) {
                head = in.readNBytes(WalHeader.LENGTH);
                checkIdentity(head, source, name);
            }
            String sha = copyHashing(head, in, tmp, compression);
            Optional<ArchivedFile> existing = find(name);
            if (existing.isPresent()) {
                Files.deleteIfExists(tmp);
                PushResult same = sameOrRefuse(existing.get(), sha, name);
                // the earlier push may have died between link and directory fsync
                SecureFiles.fsyncDirectory(walDir);
                return same;
            }
            Path target = walDir.resolve(ArchivedFile.fileName(name, sha, compression));
            try {
                // link(2) never replaces: of two concurrent pushes of one name, exactly one wins
                Files.createLink(target, tmp);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(tmp);
                PushResult same = sameOrRefuse(find(name).orElseThrow(), sha, name);
                SecureFiles.fsyncDirectory(walDir);
                return same;
            }
            Files.deleteIfExists(tmp);
            // Two pushes of one name with different content both find nothing and link different
            // names. Whoever sees the other's file withdraws its own: the name never holds two contents.
            for (ArchivedFile other : findAll(name)) {
                if (!other.sha256().equals(sha)) {
                    Files.deleteIfExists(target);
                    SecureFiles.fsyncDirectory(walDir);
                    throw refusal(other, name);
                }
            }
            SecureFiles.fsyncDirectory(walDir);
            return new PushResult(ArchivedFile.of(target).orElseThrow(), false);
        } catch (IOException e) {
            WalFiles.deleteQuietly(tmp);
            throw failure("archiving " + name + " into " + walDir, e);
        } catch (UncheckedIOException e) {
            WalFiles.deleteQuietly(tmp);
            throw failure("archiving " + name + " into " + walDir, e.getCause());
        } catch (RuntimeException e) {
            WalFiles.deleteQuietly(tmp);
            throw e;
        }
    }

    private PushResult sameOrRefuse(ArchivedFile existing, String sha, String name) {
        if (existing.sha256().equals(sha)) {
            // the logger is looked up here, not in a static field: starting the logging framework
            // costs archive push ~30 ms, and only this rare case logs (docs/performance.md)
            LoggerFactory.getLogger(WalArchive.class).warn("{} is already archived with identical content; nothing to do", name);
            return new PushResult(existing, true);
        }
        throw refusal(existing, name);
    }

    private static PgKeeperException refusal(ArchivedFile existing, String name) {
        return PgKeeperException.failed("refusing to archive " + name + ": the archive already holds a different file under that name ("
                        + existing.path().getFileName() + "); nothing was changed",
                "two servers may be archiving into one repository, or a former primary came back (split brain): "
                        + "give each cluster its own repository entry and investigate before deleting anything");
    }

    /** Copies head then the rest into {@code tmp} (compressed), fsyncs it, and returns the sha256 of the source content. */
    private String copyHashing(byte[] head, InputStream rest, Path tmp, Compression compression) throws IOException {
        MessageDigest md = Checksums.newDigest();
        try (FileChannel ch = FileChannel.open(tmp, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(SecureFiles.FILE))) {
            OutputStream out = compression.compress(new NonClosingStream(Channels.newOutputStream(ch)));
            md.update(head);
            out.write(head);
            new DigestInputStream(rest, md).transferTo(out);
            out.close();
            ch.force(true);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private void checkIdentity(byte[] head, Path source, String name) {
        if (head.length < WalHeader.LENGTH) {
            throw PgKeeperException.failed(source + " is too short to be a WAL segment (" + head.length + " bytes)",
                    "pass the file PostgreSQL names in %p");
        }
        WalHeader h = WalHeader.parse(head).orElseThrow(() -> PgKeeperException.failed(
                source + " does not start with a WAL page header", "pass the file PostgreSQL names in %p"));
        Optional<ArchiveIdentity> recorded = identity();
        if (recorded.isEmpty()) {
            recordIdentity(new ArchiveIdentity(h.systemIdentifierText(), h.segmentSize()));
            return;
        }
        if (!recorded.get().systemIdentifier().equals(h.systemIdentifierText())) {
            throw PgKeeperException.failed("refusing to archive " + name + ": it was written by the cluster with system identifier "
                            + h.systemIdentifierText() + ", but this archive (" + walDir + ") belongs to system identifier "
                            + recorded.get().systemIdentifier(),
                    "each cluster needs its own archive: check --cluster in archive_command and the policy's repository");
        }
    }

    public Optional<ArchiveIdentity> identity() {
        Path f = clusterDir.resolve(ArchiveIdentity.FILE_NAME);
        if (!readable(clusterDir) || !Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ArchiveIdentity.parse(Files.readAllBytes(f)));
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot read " + f + ": " + e.getMessage(), "restore it from the system identifier of the cluster", e);
        }
    }

    /**
     * Records the identity once; a base backup calls this too, so the first push is checked.
     * Two first pushes may race (parallel archiving, or two clusters wrongly sharing an archive):
     * link(2) lets exactly one identity win, and the loser compares against it.
     */
    public void recordIdentity(ArchiveIdentity identity) {
        Optional<ArchiveIdentity> current = identity();
        if (current.isEmpty()) {
            Path target = clusterDir.resolve(ArchiveIdentity.FILE_NAME);
            Path tmp = clusterDir.resolve(".tmp-" + ArchiveIdentity.FILE_NAME + "-" + WalFiles.uniqueSuffix());
            try {
                SecureFiles.createDirectories(clusterDir, serverUser);
                try (FileChannel ch = FileChannel.open(tmp, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        PosixFilePermissions.asFileAttribute(SecureFiles.FILE))) {
                    SecureFiles.inheritOwner(tmp);
                    var buf = java.nio.ByteBuffer.wrap(identity.toJson());
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    ch.force(true);
                }
                try {
                    Files.createLink(target, tmp);
                    SecureFiles.fsyncDirectory(clusterDir);
                    return;
                } catch (FileAlreadyExistsException raced) {
                    current = identity();
                } finally {
                    WalFiles.deleteQuietly(tmp);
                }
            } catch (IOException e) {
                WalFiles.deleteQuietly(tmp);
                throw failure("recording the archive identity in " + clusterDir, e);
            } catch (UncheckedIOException e) {
                WalFiles.deleteQuietly(tmp);
                throw failure("recording the archive identity in " + clusterDir, e.getCause());
            }
        }
        if (current.isPresent() && !current.get().systemIdentifier().equals(identity.systemIdentifier())) {
            throw PgKeeperException.failed("the archive " + walDir + " belongs to system identifier " + current.get().systemIdentifier()
                    + ", not " + identity.systemIdentifier(), "each cluster needs its own repository entry");
        }
    }

    /** The archived file for a WAL name, if any. */
    public Optional<ArchivedFile> find(String walName) {
        return findAll(walName).stream().findFirst();
    }

    /** Every stored file for a WAL name: one, except in a push race or when compression changed. */
    private List<ArchivedFile> findAll(String walName) {
        List<ArchivedFile> out = new ArrayList<>();
        if (!readable(walDir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(walDir, WalFiles.globEscape(walName) + "-*")) {
            for (Path p : ds) {
                Optional<ArchivedFile> f = ArchivedFile.of(p);
                if (f.isPresent() && f.get().walName().equals(walName)) {
                    out.add(f.get());
                }
            }
        } catch (IOException e) {
            throw failure("reading " + walDir, e);
        }
        out.sort(java.util.Comparator.comparing(f -> f.path().getFileName().toString()));
        return out;
    }

    public List<ArchivedFile> list() {
        List<ArchivedFile> out = new ArrayList<>();
        if (!readable(walDir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(walDir)) {
            for (Path p : ds) {
                ArchivedFile.of(p).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw failure("reading " + walDir, e);
        }
        out.sort(java.util.Comparator.comparing(ArchivedFile::walName));
        return out;
    }

    /** Thrown by get when the archive does not hold the file: the normal end of recovery. */
    public static final class NotArchived extends PgKeeperException {
        private static final long serialVersionUID = 1L;

        public NotArchived(String name) {
            super(ExitCode.FAILED, name + " is not in the archive", null);
        }
    }

    /**
     * Writes the archived file to {@code dest} whole, through a temporary name in the same
     * directory, after checking its sha256.
     */
    public void get(String walName, Path dest) {
        if (WalNames.type(walName).isEmpty()) {
            throw PgKeeperException.usage("'" + walName + "' is not a WAL file name", "restore_command must pass %f %p");
        }
        if (!readable(clusterDir)) {
            // a wrong path or cluster must stop recovery, not end it as if the archive were exhausted
            throw PgKeeperException.failed("there is no archive for this cluster: " + clusterDir + " does not exist",
                    "check --policy and --cluster in restore_command, and repository.path in the policy");
        }
        ArchivedFile file = find(walName).orElseThrow(() -> new NotArchived(walName));
        InputStream stored;
        try {
            stored = Files.newInputStream(file.path());
        } catch (NoSuchFileException e) {
            // prune removed it between the listing and the open: as absent as if never archived
            throw new NotArchived(walName);
        } catch (IOException e) {
            throw failure("opening " + file.path(), e);
        }
        Path dir = dest.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + dest.getFileName() + ".pgkeeper-" + WalFiles.uniqueSuffix());
        try {
            MessageDigest md = Checksums.newDigest();
            // Only a missing archived file means "not archived"; a missing DEST directory is a hard
            // failure, so the tmp file is opened outside any NoSuchFileException -> NotArchived mapping.
            try (InputStream in = new DigestInputStream(file.compression().decompress(stored), md);
                    OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                in.transferTo(out);
            }
            SecureFiles.inheritOwner(tmp);
            String sha = HexFormat.of().formatHex(md.digest());
            if (!sha.equals(file.sha256())) {
                throw PgKeeperException.verification("archived " + walName + " is corrupted: its content has sha256 " + sha + ", its name records "
                        + file.sha256() + " (" + file.path() + ")", "recovery must not continue past this point: restore the file from another copy of the archive");
            }
            Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            WalFiles.deleteQuietly(tmp);
            throw failure("restoring " + walName + " from " + file.path() + " to " + dest, e);
        } catch (RuntimeException e) {
            WalFiles.deleteQuietly(tmp);
            throw e;
        } finally {
            try {
                stored.close();
            } catch (IOException ignored) {
                // read-only stream; nothing was lost
            }
        }
    }

    private void ensureDir() {
        try {
            readable(walDir); // names the first directory on the way this user cannot enter
            SecureFiles.createDirectories(walDir, serverUser);
        } catch (UncheckedIOException e) {
            throw failure("creating " + walDir, e.getCause());
        }
    }

    private PgKeeperException failure(String what, IOException e) {
        return WalFiles.failure(what, e, clusterDir.getParent(), serverUser);
    }

    static PgKeeperException ioFailure(String what, IOException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        boolean full = msg.contains("No space left on device") || msg.contains("Disk quota exceeded");
        return PgKeeperException.failed((full ? "disk full while " : "I/O error while ") + what + ": " + msg,
                full ? "free space on the repository's filesystem; PostgreSQL keeps the WAL and retries" : "check the repository path and its permissions", e);
    }
}
