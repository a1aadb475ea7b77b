package io.pgkeeper.repository;

import io.pgkeeper.error.ToolFailedException;
import io.pgkeeper.repository.storage.IoFailures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One backup being taken, as a unit of work. {@link Repository#begin} takes the cluster's lock
 * and reserves a new id; tools {@link #write} into {@link #dir()}, or {@link #stream} a file straight into
 * the storage; {@link #seal} makes every file
 * private, checksummed and durable; {@link #commit} writes the manifest, last, which is what makes
 * it a backup. Closed without a commit, it removes what it wrote and releases the lock; killed at
 * any point, it leaves an attempt (a directory without a manifest) that is never listed or
 * restored, and that prune removes. Every failure inside goes through one mapping ({@link #write}).
 *
 * <pre>{@code
 * try (BackupAttempt a = repository.begin(cluster, BackupKind.LOGICAL, LockName.CLUSTER, "dump", wait)) {
 *     List<FileEntry> known = a.write(dir -> dumpInto(dir));
 *     List<FileEntry> files = a.seal(known);
 *     return a.commit(Manifest.builder(a.id(), cluster, BackupKind.LOGICAL).startedAt(a.startedAt())...files(files).build());
 * }
 * }</pre>
 */
public final class BackupAttempt implements AutoCloseable {
    /** What to do when a backup fills the repository's disk. */
    public static final String DISK_FULL_HINT = "free space on the repository's filesystem, or prune old backups";
    private static final String TOOL_DISK_FULL_HINT = DISK_FULL_HINT + "; nothing was kept of this attempt";

    /** A step that writes into the attempt's directory (a local directory, whatever the storage). */
    @FunctionalInterface
    public interface Work<T> {
        T write(Path dir) throws IOException;
    }

    private final Repository repository;
    private final String cluster;
    private final BackupKind kind;
    private final Path dir;
    private final String key;
    private final Instant startedAt;
    private final ClusterLock lock;
    private final List<FileEntry> streamed = new java.util.concurrent.CopyOnWriteArrayList<>();
    private boolean committed;

    BackupAttempt(Repository repository, String cluster, BackupKind kind, Path dir, Instant startedAt, ClusterLock lock) {
        this.repository = repository;
        this.cluster = cluster;
        this.kind = kind;
        this.key = repository.key(dir);
        this.dir = repository.storage().stage(key);
        this.startedAt = startedAt;
        this.lock = lock;
    }

    public String id() {
        return dir.getFileName().toString();
    }

    public String cluster() {
        return cluster;
    }

    public BackupKind kind() {
        return kind;
    }

    /** Where the tools write this backup's files. */
    public Path dir() {
        return dir;
    }

    /** When the attempt began, after the lock was taken: the backup's id and its recorded start. */
    public Instant startedAt() {
        return startedAt;
    }

    /**
     * Runs a step of the attempt. Its failures are mapped here, once for every kind of backup: an
     * I/O error (a full disk said plainly, an access this user lacks named with its owner), and a
     * tool that ran out of space, named with the attempt's directory. Others pass unchanged.
     */
    public <T> T write(Work<T> work) {
        try {
            return work.write(dir);
        } catch (IOException e) {
            throw repository.storage().failure("writing " + dir, e, DISK_FULL_HINT);
        } catch (UncheckedIOException e) {
            throw repository.storage().failure("writing " + dir, e.getCause(), DISK_FULL_HINT);
        } catch (ToolFailedException e) {
            throw IoFailures.ofTool(e, dir.toString(), TOOL_DISK_FULL_HINT);
        }
    }

    /**
     * Starts writing the file {@code name} of the attempt as a stream straight into the storage
     * (a multipart upload on S3, encrypted on the way with encryption, a private temporary file
     * linked into place on POSIX), for a tool that writes to stdout: nothing is staged. Run it
     * inside {@link #write}, so its failures take the one mapping.
     */
    public StreamedFile stream(String name) throws IOException {
        return new StreamedFile(repository.storage().createFile(key, name), key, name,
                repository.storage().describe(key + "/" + name), streamed::add);
    }

    /**
     * Lists every file of the attempt with its size and sha256, then makes them private to the
     * repository's owner and durable. Nothing may be written into the attempt afterwards.
     *
     * @param known entries this run computed moments ago for files it no longer writes to (a dump
     *     hashes each database's file as its pg_dump ends): reused when path and size match
     */
    public List<FileEntry> seal(List<FileEntry> known) {
        return write(d -> {
            List<FileEntry> files = new java.util.ArrayList<>(Checksums.describe(d, d, known));
            // a streamed file is in the walk only where the storage is the staging directory (POSIX)
            java.util.Set<String> walked = new java.util.HashSet<>(files.stream().map(FileEntry::path).toList());
            if (streamed.stream().anyMatch(f -> !walked.contains(f.path()))) {
                streamed.stream().filter(f -> !walked.contains(f.path())).forEach(files::add);
                files.sort(java.util.Comparator.comparing(FileEntry::path));
            }
            repository.storage().publish(key);
            return files;
        });
    }

    /**
     * The commit: writes the manifest, atomically and durably, after everything else. From here on
     * the backup exists; closing the attempt only releases the lock.
     */
    public Manifest commit(Manifest manifest) {
        if (committed) {
            throw new IllegalStateException("attempt " + id() + " is already committed");
        }
        if (!manifest.id().equals(id()) || manifest.kind() != kind || !manifest.cluster().equals(cluster)) {
            throw new IllegalArgumentException("manifest of " + manifest.cluster() + "/" + manifest.kind() + "/" + manifest.id()
                    + " does not describe attempt " + cluster + "/" + kind + "/" + id());
        }
        // a failure here leaves no manifest under its name (it is written under a temporary one
        // first), so what is left is still an attempt, and close() removes it
        repository.manifests().commit(key, manifest);
        committed = true;
        return manifest;
    }

    public boolean committed() {
        return committed;
    }

    /** Removes an uncommitted attempt's files (prune removes them later when that fails), then releases the lock. */
    @Override
    public void close() {
        try {
            if (!committed) {
                repository.removeAttempt(key);
            }
        } finally {
            lock.close();
        }
    }
}
