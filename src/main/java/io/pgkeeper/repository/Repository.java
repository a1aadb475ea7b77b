package io.pgkeeper.repository;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.repository.storage.LocalTree;
import io.pgkeeper.repository.storage.PosixStorage;
import io.pgkeeper.repository.storage.Storage;
import io.pgkeeper.util.OsIdentity;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The backup repository: {@code <root>/<cluster>/logical|physical/<id>/}, reached through a
 * {@link Storage}. A directory is a backup only when its manifest exists; everything else is an
 * attempt. Backups are written by a {@link BackupAttempt} ({@link #begin}).
 */
public final class Repository {
    private final Path root;
    private final Storage storage;
    private final Optional<String> serverUser;
    private final SecureFiles files;
    private final Clock clock;
    private final ManifestStore manifests = new ManifestStore(this);
    private final BackupCatalog catalog = new BackupCatalog(this);

    /**
     * @param root where the repository is, and its locks: the local directory of a POSIX
     *     repository (an object store's repository keeps its locks on local disk too)
     * @param serverUser the OS user that runs archive_command (the cluster's osUser): run as root,
     *     pgkeeper gives it what it creates here, and messages about access name it
     * @param me who this process runs as, read once by the caller
     * @param clock the run's clock: backup ids, lock waits
     */
    public Repository(Path root, Storage storage, Optional<String> serverUser, OsIdentity me, Clock clock) {
        this.root = root;
        this.storage = storage;
        this.serverUser = serverUser;
        this.files = new SecureFiles(me);
        this.clock = clock;
    }

    /** A repository that is a local directory. */
    public static Repository posix(Path root, Optional<String> serverUser, OsIdentity me, Clock clock) {
        return new Repository(root, new PosixStorage(root, serverUser, me), serverUser, me, clock);
    }

    public Storage storage() {
        return storage;
    }

    public Optional<String> serverUser() {
        return serverUser;
    }

    /** Permissions and, run as root, owners of what this run creates on local disk. */
    public SecureFiles files() {
        return files;
    }

    public Clock clock() {
        return clock;
    }

    public Path root() {
        return root;
    }

    public Path clusterDir(String cluster) {
        return root.resolve(RepositoryLayout.cluster(cluster));
    }

    public Path kindDir(String cluster, BackupKind kind) {
        return root.resolve(RepositoryLayout.kind(cluster, kind));
    }

    public Path lockDir(String cluster) {
        return clusterDir(cluster).resolve("locks");
    }

    /** The storage key of a path inside the repository ({@code ""} for the root itself). */
    public String key(Path inside) {
        Path base = root.toAbsolutePath().normalize();
        Path p = inside.toAbsolutePath().normalize();
        if (!p.startsWith(base)) {
            throw new IllegalArgumentException(inside + " is not inside the repository " + root);
        }
        return base.relativize(p).toString();
    }

    public ManifestStore manifests() {
        return manifests;
    }

    /** Whether {@code dir} exists; fails (exit 1) when it or a directory above cannot be read by this user. */
    public boolean exists(Path dir) {
        return storage.exists(key(dir));
    }

    /** Creates the directories a run will write to, or says clearly which path cannot be written. */
    public Path ensureWritable(Path dir) {
        storage.prepare(key(dir));
        return dir;
    }

    /** Takes a lock of the cluster for this run; closing it releases it (so does the process's death). */
    public ClusterLock lock(String cluster, LockName name, String purpose, Duration wait) {
        return ClusterLock.acquire(lockDir(cluster), name, purpose, wait, clock, files);
    }

    /** True when some live process holds the lock; used to leave a running attempt alone. */
    public boolean isLocked(String cluster, LockName name) {
        return ClusterLock.isHeld(lockDir(cluster), name);
    }

    /**
     * Begins a backup: makes sure the cluster's directory can be written, takes the lock, and
     * reserves a new backup id (the start time). See {@link BackupAttempt} for what follows.
     */
    public BackupAttempt begin(String cluster, BackupKind kind, LockName lock, String purpose, Duration lockWait) {
        ensureWritable(clusterDir(cluster));
        ClusterLock held = lock(cluster, lock, purpose, lockWait);
        try {
            Instant startedAt = clock.instant();
            Path dir = newBackupDir(cluster, kind, startedAt);
            return new BackupAttempt(this, cluster, kind, dir, startedAt, held);
        } catch (RuntimeException e) {
            held.close();
            throw e;
        }
    }

    /**
     * Creates the directory for a new backup. The id is the start time; when a backup of either
     * kind has that second, the next free second is used, so ids stay time-ordered and
     * {@code --backup ID} names one backup whatever its kind.
     */
    public Path newBackupDir(String cluster, BackupKind kind, Instant startedAt) {
        ensureWritable(kindDir(cluster, kind));
        BackupKind otherKind = kind == BackupKind.LOGICAL ? BackupKind.PHYSICAL : BackupKind.LOGICAL;
        Instant t = startedAt;
        try {
            for (int i = 0; i < 3600; i++, t = t.plusSeconds(1)) {
                String id = BackupId.of(t);
                if (storage.stat(RepositoryLayout.backup(cluster, otherKind, id)).isEmpty()
                        && storage.reserve(RepositoryLayout.backup(cluster, kind, id))) {
                    return kindDir(cluster, kind).resolve(id);
                }
            }
        } catch (IOException e) {
            throw storage.failure("creating a backup directory in " + kindDir(cluster, kind), e, BackupAttempt.DISK_FULL_HINT);
        }
        throw PgKeeperException.failed("no free backup id near " + BackupId.of(startedAt) + " in " + kindDir(cluster, kind), null);
    }

    /** Removes a failed attempt at once; when that fails, prune removes it after the grace period. */
    public void removeAttempt(Path dir) {
        removeAttempt(key(dir));
    }

    void removeAttempt(String key) {
        catalog.remove(key);
    }

    /**
     * Completed backups of the cluster, oldest first by recorded start time (never by name). A
     * manifest that cannot be read fails the call (exit 3): callers that decide what to keep or
     * restore must not act on a partial catalog. {@link #readable} is the lenient view for listing.
     */
    public List<Backup> completed(String cluster, Optional<BackupKind> kind) {
        return catalog.scan(cluster, kind, null);
    }

    /** Like {@link #completed} but skips unreadable manifests, which it adds to {@code damaged}. */
    public List<Backup> readable(String cluster, Optional<BackupKind> kind, List<DamagedBackup> damaged) {
        return catalog.scan(cluster, kind, damaged);
    }

    /** Directories of the cluster that look like backups but have no manifest. */
    public List<Attempt> attempts(String cluster) {
        return catalog.attempts(cluster);
    }

    /**
     * The backup's files as local plaintext for the tools that read them (restore, verify): fails
     * (exit 1) without a usable identity when the repository is encrypted, before anything is
     * restored; a damaged stored object fails as a bad backup (exit 3).
     *
     * @param wanted the files (paths below the backup) to copy where the storage copies (S3,
     *     encrypted); a POSIX plaintext repository is read in place, every file there
     */
    public LocalBackup local(Backup backup, java.util.function.Predicate<String> wanted) {
        String key = key(backup.dir());
        LocalTree tree;
        try {
            tree = storage.local(key, wanted);
        } catch (IOException e) {
            throw storage.failure("reading backup " + backup.id() + " from " + storage.describe(key), e, "free space under the state directory (repository.stateDir): a restore or verify needs room for one backup there");
        }
        if (tree.dir().toAbsolutePath().normalize().equals(backup.dir().toAbsolutePath().normalize())) {
            return new LocalBackup(backup, tree);
        }
        try {
            return new LocalBackup(new Backup(tree.dir(), manifests.read(key)), tree);
        } catch (RuntimeException e) {
            tree.close();
            throw e;
        }
    }

    /** The backup with this id, or the newest of the kind for {@code latest}. */
    public Backup find(String cluster, String idOrLatest, Optional<BackupKind> kind) {
        return catalog.find(cluster, idOrLatest, kind);
    }

    /**
     * The repository root must exist before anything in it is read: a listing of a path that
     * does not exist would say "no backups" where the truth is "wrong path" (exit 2).
     */
    public void requireRoot(String context) {
        if (!storage.exists("")) {
            throw missing(context);
        }
    }

    PgKeeperException missing(String context) {
        return PgKeeperException.usage("the repository " + root + " does not exist" + (context.isEmpty() ? "" : ": " + context),
                "check repository.path in the policy; the first dump or basebackup creates it");
    }
}
