package io.pgkeeper.repository;

import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.repository.storage.Storage;
import io.pgkeeper.repository.storage.StoredEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the repository holds, read through its {@link Storage}: a directory with a manifest is a
 * backup, one without is an attempt, and nothing else counts.
 */
final class BackupCatalog {
    private final Repository repository;

    BackupCatalog(Repository repository) {
        this.repository = repository;
    }

    private Storage storage() {
        return repository.storage();
    }

    List<Backup> scan(String cluster, Optional<BackupKind> kind, List<DamagedBackup> damaged) {
        List<Backup> out = new ArrayList<>();
        for (BackupKind k : BackupKind.values()) {
            if (kind.isPresent() && kind.get() != k) {
                continue;
            }
            for (StoredEntry dir : children(cluster, k)) {
                if (BackupId.isValid(dir.name()) && hasManifest(dir.key())) {
                    Path path = repository.root().resolve(dir.key());
                    try {
                        out.add(new Backup(path, repository.manifests().read(dir.key())));
                    } catch (PgKeeperException e) {
                        // only a damaged manifest is listed as damaged; one this user cannot read fails the listing
                        if (damaged == null || e.exitCode() != ExitCode.VERIFICATION_FAILED) {
                            throw e;
                        }
                        damaged.add(new DamagedBackup(path, dir.name(), k, e.getMessage()));
                    }
                }
            }
        }
        out.sort(Comparator.comparing((Backup b) -> b.manifest().startedAt()).thenComparing(Backup::id));
        return out;
    }

    List<Attempt> attempts(String cluster) {
        List<Attempt> out = new ArrayList<>();
        for (BackupKind k : BackupKind.values()) {
            for (StoredEntry dir : children(cluster, k)) {
                String name = dir.name();
                boolean leftover = name.endsWith(".deleting");
                if ((BackupId.isValid(name) && !hasManifest(dir.key())) || leftover) {
                    // an object store cannot rename: its prune marks the backup first (RepositoryLayout.DELETING_MARK)
                    String as = !leftover && marked(dir.key()) ? name + ".deleting" : name;
                    out.add(new Attempt(repository.root().resolve(RepositoryLayout.kind(cluster, k)).resolve(as), as, k, lastModified(dir.key())));
                }
            }
        }
        return out;
    }

    Backup find(String cluster, String idOrLatest, Optional<BackupKind> kind) {
        BackupId.requireValidOrLatest(idOrLatest);
        if (!idOrLatest.equals("latest")) {
            repository.requireRoot("no backup " + idOrLatest + " for cluster " + cluster);
            // only this backup's manifest is read: another backup's damaged manifest must not
            // block restoring a good one, while this one's damage fails with exit 3
            for (BackupKind k : BackupKind.values()) {
                String key = RepositoryLayout.backup(cluster, k, idOrLatest);
                if ((kind.isEmpty() || kind.get() == k) && storage().exists(RepositoryLayout.kind(cluster, k)) && hasManifest(key)) {
                    return new Backup(repository.root().resolve(key), repository.manifests().read(key));
                }
            }
            throw BackupLookup.notFound(this, repository, cluster, idOrLatest, kind);
        }
        String what = "cluster " + cluster + " has no completed " + kind.map(k -> k.dirName() + " ").orElse("") + "backup";
        repository.requireRoot(what);
        List<Backup> all = scan(cluster, kind, null);
        if (all.isEmpty()) {
            throw PgKeeperException.usage(what + " in " + repository.root(), "take one first, e.g. 'pgkeeper dump'");
        }
        return all.get(all.size() - 1);
    }

    /** Removes a failed attempt at once; when that fails, prune removes it after the grace period. */
    void remove(String key) {
        try {
            if (storage().stat(key).isEmpty()) {
                return;
            }
            storage().deleteAll(key);
            log().info("removed unfinished attempt {}", storage().describe(key));
        } catch (IOException e) {
            log().warn("could not remove unfinished attempt {} ({}); prune will remove it", storage().describe(key), e.getMessage());
        }
    }

    boolean hasManifest(String backupKey) {
        try {
            return storage().stat(RepositoryLayout.manifest(backupKey)).filter(e -> !e.directory()).isPresent();
        } catch (IOException e) {
            throw storage().failure("reading " + storage().describe(RepositoryLayout.manifest(backupKey)), e, null);
        }
    }

    private boolean marked(String key) {
        try {
            return storage().stat(key + "/" + RepositoryLayout.DELETING_MARK).isPresent();
        } catch (IOException e) {
            return false; // unreadable: an ordinary attempt, which grace and locks still protect
        }
    }

    boolean isBackupDir(String key) {
        try {
            return storage().stat(key).filter(StoredEntry::directory).isPresent();
        } catch (IOException e) {
            throw storage().failure("reading " + storage().describe(key), e, null);
        }
    }

    private List<StoredEntry> children(String cluster, BackupKind kind) {
        String dir = RepositoryLayout.kind(cluster, kind);
        try {
            return storage().list(dir, "").stream().filter(StoredEntry::directory).toList();
        } catch (IOException e) {
            throw storage().failure("listing " + storage().describe(dir), e, null);
        }
    }

    /** The newest modification time inside; the epoch when unreadable, so prune's grace period never protects it forever. */
    private Instant lastModified(String key) {
        try {
            return storage().walk(key).stream().map(StoredEntry::lastModified).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    /** Looked up when needed: archive push uses the repository and must not pay for starting the logging framework. */
    private static org.slf4j.Logger log() {
        return org.slf4j.LoggerFactory.getLogger(Repository.class);
    }
}
