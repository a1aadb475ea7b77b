package io.pgkeeper.archive;

import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.repository.RepositoryLayout;
import io.pgkeeper.repository.storage.Storage;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.Checksum;

/**
 * The WAL archive of one cluster: {@code <repository>/<cluster>/wal/}. Push never returns
 * before the file is durable under its final name ({@link WalPush}); get never leaves a partial
 * file at the destination and proves the content it hands over ({@link WalFetch}); stored names
 * carry the content's sha256 ({@link WalIndex}); the archive belongs to one cluster
 * ({@link ArchiveIdentityStore}). Neither push nor get takes a lock, so archiving never waits for a backup.
 */
public final class WalArchive {
    private final Storage storage;
    private final String clusterKey;
    private final String walKey;
    private final Path walDir;
    private final WalIndex index;
    private final ArchiveIdentityStore identity;
    private final SecureFiles files;

    /** @param files how files recovery asks for are created locally (their owner, run as root) */
    public WalArchive(Storage storage, String cluster, SecureFiles files) {
        this.storage = storage;
        this.clusterKey = RepositoryLayout.cluster(cluster);
        this.walKey = RepositoryLayout.wal(cluster);
        this.walDir = Path.of(storage.describe(walKey));
        this.index = new WalIndex(storage, walKey);
        this.identity = new ArchiveIdentityStore(storage, clusterKey, RepositoryLayout.identity(cluster));
        this.files = files;
    }

    public static WalArchive of(Repository repository, String cluster) {
        return new WalArchive(repository.storage(), cluster, repository.files());
    }

    /** Where the archive is, for messages and for tools that read it as a directory. */
    public Path walDir() {
        return walDir;
    }

    /** What push did: archived it, or found the identical file already there. */
    public record PushResult(ArchivedFile file, boolean alreadyArchived) {}

    public PushResult push(Path source, Compression compression) {
        // built per call: archive push and get each load only their own half (start-up, docs/performance.md)
        return new WalPush(storage, walKey, index, identity).push(source, compression);
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
     *
     * @throws NotArchived when the archive does not hold it
     */
    public void get(String walName, Path dest) {
        new WalFetch(storage, clusterKey, walKey, index, files).get(walName, dest);
    }

    /** {@link #get(String, Path)}, summing the bytes written to {@code dest} into {@code written} on the way (reset first). */
    public void get(String walName, Path dest, Checksum written) {
        new WalFetch(storage, clusterKey, walKey, index, files).get(walName, dest, Optional.of(written));
    }

    public Optional<ArchiveIdentity> identity() {
        return identity.read();
    }

    /** Records the identity once; a base backup calls this too, so the first push is checked. */
    public void recordIdentity(ArchiveIdentity id) {
        identity.record(id, walDir.toString());
    }

    /** The archived file for a WAL name, if any. */
    public Optional<ArchivedFile> find(String walName) {
        try {
            return index.find(walName);
        } catch (IOException e) {
            throw failure("listing " + walDir, e);
        }
    }

    public List<ArchivedFile> list() {
        try {
            return index.list();
        } catch (IOException e) {
            throw failure("listing " + walDir, e);
        }
    }

    /**
     * The archived file stored under {@code storedName} ({@code <wal>-<sha256>[.gz|.zst]}), when
     * the storage holds it now and it is not empty: what an acknowledgement of the asynchronous
     * push (io.pgkeeper.spool) must still find before it is trusted.
     */
    public Optional<ArchivedFile> holding(String storedName) {
        Optional<ArchivedFile> f = ArchivedFile.of(walDir.resolve(storedName));
        if (f.isEmpty()) {
            return f;
        }
        try {
            return storage.stat(index.key(f.get())).filter(e -> !e.directory() && e.size() > 0).map(e -> f.get());
        } catch (IOException e) {
            return Optional.empty(); // an archive that cannot be read proves nothing: the segment is pushed again
        }
    }

    /** Every archived file with the time it was made durable there, by WAL name (one listing). */
    public List<ArchivedAt> listWithTimes() {
        try {
            return index.listWithTimes();
        } catch (IOException e) {
            throw failure("listing " + walDir, e);
        }
    }

    private PgKeeperException failure(String doing, IOException e) {
        return storage.failure(doing, e, WalPush.DISK_FULL_HINT);
    }
}
