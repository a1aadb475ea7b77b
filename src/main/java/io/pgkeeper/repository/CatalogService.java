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
        Map<String, VerifyRecord> verified = new VerifyLog(repository, cluster).latestByBackup();
        return repository.completed(cluster, kind).stream()
                .map(b -> new CatalogEntry(b.manifest(), verified.get(b.id())))
                .toList();
    }
}
