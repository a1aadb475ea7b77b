package io.pgkeeper.engine.pgbackrest;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.CatalogEntry;
import io.pgkeeper.repository.VerifyLog;
import io.pgkeeper.repository.VerifyRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The pgBackRest backups of a cluster as catalog entries, read from {@code pgbackrest info}, for {@code list}. */
final class PgBackRestCatalog {
    private PgBackRestCatalog() {}

    /** Empty unless the kind asked for includes physical backups. */
    static List<CatalogEntry> entries(RunContext ctx, Optional<BackupKind> kind) {
        if (kind.filter(k -> k != BackupKind.PHYSICAL).isPresent()) {
            return List.of();
        }
        PgBackRestInfo info = PgBackRestTool.open(ctx).info();
        Map<String, VerifyRecord> verified = new VerifyLog(ctx.repository(), ctx.cluster().name()).latestByBackup();
        String compression = PgBackRestManifests.compression(ctx.cluster());
        return info.backups().stream()
                .map(b -> new CatalogEntry(PgBackRestManifests.of(ctx.cluster().name(), b, compression, List.of()), verified.get(b.label())))
                .toList();
    }
}
