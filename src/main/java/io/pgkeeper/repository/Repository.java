package io.pgkeeper.repository;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The backup repository on disk: {@code <root>/<cluster>/logical|physical/<id>/}. A directory
 * is a backup only when its manifest exists; everything else is an attempt.
 */
public final class Repository {
    private final Path root;
    private final Optional<String> serverUser;
    private final ManifestStore manifests = new ManifestStore();

    public Repository(Path root) {
        this(root, Optional.empty());
    }

    /**
     * @param serverUser the OS user that runs archive_command (the cluster's osUser): run as root,
     *     pgkeeper gives it what it creates here, and messages about access name it
     */
    public Repository(Path root, Optional<String> serverUser) {
        this.root = root;
        this.serverUser = serverUser;
    }

    public Optional<String> serverUser() {
        return serverUser;
    }

    /** Whether {@code dir} exists; fails (exit 1) when it or a directory above cannot be read by this user. */
    public boolean exists(Path dir) {
        return RepositoryAccess.exists(root, dir, serverUser);
    }

    public Path root() {
        return root;
    }

    public Path clusterDir(String cluster) {
        return root.resolve(cluster);
    }

    public Path kindDir(String cluster, BackupKind kind) {
        return clusterDir(cluster).resolve(kind.dirName());
    }

    public Path lockDir(String cluster) {
        return clusterDir(cluster).resolve("locks");
    }

    public ManifestStore manifests() {
        return manifests;
    }

    /** Creates the directories a run will write to, or says clearly which path cannot be written. */
    public Path ensureWritable(Path dir) {
        try {
            SecureFiles.createDirectories(dir, serverUser);
        } catch (UncheckedIOException e) {
            throw notWritable(dir, e.getCause());
        }
        if (!Files.isWritable(dir)) {
            throw notWritable(dir, null);
        }
        RepositoryOwnership.warnIfForeign(dir, serverUser);
        return dir;
    }

    private PgKeeperException notWritable(Path dir, IOException cause) {
        String reason = cause == null ? "permission denied" : describe(cause);
        Path blocking = dir;
        while (blocking.getParent() != null && !Files.isDirectory(blocking)) {
            blocking = blocking.getParent();
        }
        return PgKeeperException.failed("repository path " + dir + " cannot be written as OS user " + io.pgkeeper.util.OsUser.name()
                + ": " + reason + " (" + blocking + ": " + io.pgkeeper.util.FileOwner.describe(blocking) + ")",
                "check repository.path in the policy; " + RepositoryOwnership.rule(root, serverUser));
    }

    private static String describe(IOException e) {
        String simple = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? simple : simple + " " + e.getMessage();
    }

    /**
     * Creates the directory for a new backup. The id is the start time; when a backup of either
     * kind has that second, the next free second is used, so ids stay time-ordered and
     * {@code --backup ID} names one backup whatever its kind.
     */
    public Path newBackupDir(String cluster, BackupKind kind, Instant startedAt) {
        Path parent = ensureWritable(kindDir(cluster, kind));
        Instant t = startedAt;
        for (int i = 0; i < 3600; i++) {
            Path dir = parent.resolve(BackupId.of(t));
            Path other = kindDir(cluster, kind == BackupKind.LOGICAL ? BackupKind.PHYSICAL : BackupKind.LOGICAL).resolve(BackupId.of(t));
            if (Files.exists(other)) {
                t = t.plusSeconds(1);
                continue;
            }
            try {
                Files.createDirectory(dir);
                Files.setPosixFilePermissions(dir, SecureFiles.DIR);
                SecureFiles.own(dir, serverUser);
                return dir;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                t = t.plusSeconds(1);
            } catch (IOException e) {
                throw notWritable(dir, e);
            }
        }
        throw PgKeeperException.failed("no free backup id near " + BackupId.of(startedAt) + " in " + parent, null);
    }

    /** Looked up when needed: archive push uses this class and must not pay for starting the logging framework. */
    private static org.slf4j.Logger log() {
        return org.slf4j.LoggerFactory.getLogger(Repository.class);
    }

    /** Removes a failed attempt at once; when that fails, prune removes it after the grace period. */
    public void removeAttempt(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
            log().info("removed unfinished attempt {}", dir);
        } catch (IOException e) {
            log().warn("could not remove unfinished attempt {} ({}); prune will remove it", dir, e.getMessage());
        }
    }

    /**
     * Completed backups of the cluster, oldest first by recorded start time (never by name). A
     * manifest that cannot be read fails the call (exit 3): callers that decide what to keep or
     * restore must not act on a partial catalog. {@link #readable} is the lenient view for listing.
     */
    public List<Backup> completed(String cluster, Optional<BackupKind> kind) {
        List<Backup> out = new ArrayList<>();
        scan(cluster, kind, out, null);
        return out;
    }

    /** Like {@link #completed} but skips unreadable manifests, which it adds to {@code damaged}. */
    public List<Backup> readable(String cluster, Optional<BackupKind> kind, List<DamagedBackup> damaged) {
        List<Backup> out = new ArrayList<>();
        scan(cluster, kind, out, damaged);
        return out;
    }

    private void scan(String cluster, Optional<BackupKind> kind, List<Backup> out, List<DamagedBackup> damaged) {
        for (BackupKind k : BackupKind.values()) {
            if (kind.isPresent() && kind.get() != k) {
                continue;
            }
            for (Path dir : children(kindDir(cluster, k))) {
                if (BackupId.isValid(dir.getFileName().toString()) && Files.isRegularFile(dir.resolve(Manifest.FILE_NAME))) {
                    try {
                        out.add(new Backup(dir, manifests.read(dir)));
                    } catch (PgKeeperException e) {
                        // only a damaged manifest is listed as damaged; one this user cannot read fails the listing
                        if (damaged == null || e.exitCode() != io.pgkeeper.error.ExitCode.VERIFICATION_FAILED) {
                            throw e;
                        }
                        damaged.add(new DamagedBackup(dir, dir.getFileName().toString(), k, e.getMessage()));
                    }
                }
            }
        }
        out.sort(Comparator.comparing((Backup b) -> b.manifest().startedAt()).thenComparing(Backup::id));
    }

    /** Directories of the cluster that look like backups but have no manifest. */
    public List<Attempt> attempts(String cluster) {
        List<Attempt> out = new ArrayList<>();
        for (BackupKind k : BackupKind.values()) {
            for (Path dir : children(kindDir(cluster, k))) {
                String name = dir.getFileName().toString();
                boolean leftover = name.endsWith(".deleting");
                if ((BackupId.isValid(name) && !Files.exists(dir.resolve(Manifest.FILE_NAME))) || leftover) {
                    out.add(Attempt.of(dir, name, k));
                }
            }
        }
        return out;
    }

    /** The backup with this id, or the newest of the kind for {@code latest}. */
    public Backup find(String cluster, String idOrLatest, Optional<BackupKind> kind) {
        BackupId.requireValidOrLatest(idOrLatest);
        if (!idOrLatest.equals("latest")) {
            requireRoot("no backup " + idOrLatest + " for cluster " + cluster);
            // only this backup's manifest is read: another backup's damaged manifest must not
            // block restoring a good one, while this one's damage fails with exit 3
            for (BackupKind k : BackupKind.values()) {
                Path dir = kindDir(cluster, k).resolve(idOrLatest);
                if ((kind.isEmpty() || kind.get() == k) && exists(kindDir(cluster, k)) && Files.isRegularFile(dir.resolve(Manifest.FILE_NAME))) {
                    return new Backup(dir, manifests.read(dir));
                }
            }
            throw BackupLookup.notFound(this, cluster, idOrLatest, kind);
        }
        requireRoot("cluster " + cluster + " has no completed " + kind.map(k -> k.dirName() + " ").orElse("") + "backup");
        List<Backup> all = completed(cluster, kind);
        if (all.isEmpty()) {
            throw PgKeeperException.usage("cluster " + cluster + " has no completed " + kind.map(k -> k.dirName() + " ").orElse("")
                    + "backup in " + root, "take one first, e.g. 'pgkeeper dump'");
        }
        return all.get(all.size() - 1);
    }

    /**
     * The repository root must exist before anything in it is read: a listing of a path that
     * does not exist would say "no backups" where the truth is "wrong path" (exit 2).
     */
    public void requireRoot(String context) {
        RepositoryAccess.requireRoot(root, serverUser, context);
    }

    private List<Path> children(Path dir) {
        if (!exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> dirs = s.filter(Files::isDirectory).sorted().toList();
            dirs.forEach(d -> RepositoryAccess.requireListable(d, root, serverUser));
            return dirs;
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot read " + dir + ": " + e.getMessage(), "check the repository's permissions", e);
        }
    }
}
