package io.pgkeeper.restore;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.PhysicalInfo;
import java.util.List;
import java.util.Optional;

/**
 * The base backup (pg_basebackup engine) a restore starts from, for a data directory and for one
 * database recovered in a sandbox alike: the one named, which must end before the target, or the
 * newest that finished before it ({@link TargetFit}).
 */
final class PhysicalBackupChoice {
    private PhysicalBackupChoice() {}

    static TargetFit.Chosen<Backup> choose(RunContext ctx, Optional<String> backupId, RecoveryTarget target) {
        String cluster = ctx.cluster().name();
        if (backupId.isPresent() && !backupId.get().equals("latest")) {
            Backup b = ctx.repository().find(cluster, backupId.get(), Optional.of(BackupKind.PHYSICAL));
            TargetFit.requireBefore(b.id(), b.manifest().finishedAt(), stopLsn(b), target);
            return new TargetFit.Chosen<>(b, "named with --backup");
        }
        ctx.repository().requireRoot("cluster " + cluster + " has no completed physical backup");
        List<TargetFit.Candidate<Backup>> all = ctx.repository().completed(cluster, Optional.of(BackupKind.PHYSICAL)).stream()
                .map(b -> new TargetFit.Candidate<>(b, b.id(), b.manifest().finishedAt(), stopLsn(b))).toList();
        if (backupId.isPresent() && !all.isEmpty()) {
            Backup latest = all.get(all.size() - 1).backup();
            TargetFit.requireBefore(latest.id(), latest.manifest().finishedAt(), stopLsn(latest), target);
            return new TargetFit.Chosen<>(latest, "the latest base backup (--backup latest)");
        }
        return TargetFit.choose(all, target, cluster);
    }

    private static Optional<String> stopLsn(Backup b) {
        return Optional.ofNullable(b.manifest().physical()).map(PhysicalInfo::stopLsn);
    }
}
