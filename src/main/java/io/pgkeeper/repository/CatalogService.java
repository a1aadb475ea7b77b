package io.pgkeeper.repository;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The catalog: completed backups, oldest first, each with its last verification. */
public final class CatalogService {
    private final Repository repository;

    public CatalogService(Repository repository) {
        this.repository = repository;
    }

    public List<CatalogEntry> list(String cluster, Optional<BackupKind> kind) {
        return list(cluster, kind, null);
    }

    /**
     * The readable backups; with {@code damaged} non-null, a backup whose manifest cannot be read
     * is added there instead of failing the whole listing.
     */
    public List<CatalogEntry> list(String cluster, Optional<BackupKind> kind, List<DamagedBackup> damaged) {
        repository.requireRoot("nothing to list for cluster " + cluster);
        Map<String, VerifyRecord> verified = new VerifyLog(repository, cluster).latestByBackup();
        List<Backup> backups = damaged == null ? repository.completed(cluster, kind) : repository.readable(cluster, kind, damaged);
        return backups.stream()
                .map(b -> new CatalogEntry(b.manifest(), verified.get(b.id())))
                .toList();
    }
}
