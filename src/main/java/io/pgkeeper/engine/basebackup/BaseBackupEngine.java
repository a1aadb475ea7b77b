package io.pgkeeper.engine.basebackup;

import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.backup.BaseBackupService;
import io.pgkeeper.core.RunContext;
import io.pgkeeper.engine.ArchiveSite;
import io.pgkeeper.engine.ArchivingCheck;
import io.pgkeeper.engine.BackupType;
import io.pgkeeper.engine.CommandLines;
import io.pgkeeper.engine.Expiry;
import io.pgkeeper.engine.PhysicalEngine;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.CatalogEntry;
import io.pgkeeper.repository.Manifest;
import io.pgkeeper.restore.PhysicalRestoreRequest;
import io.pgkeeper.restore.PhysicalRestoreResult;
import io.pgkeeper.restore.PhysicalRestoreService;
import io.pgkeeper.verify.VerifyService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The default engine: pg_basebackup writes base backups into pgkeeper's repository, and
 * {@code archive push|get} keep the WAL in pgkeeper's own archive. The repository is the record,
 * so list, prune and verify need nothing beyond what they do for every backup.
 */
public final class BaseBackupEngine implements PhysicalEngine {
    public static final String NAME = "pg_basebackup";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Manifest backup(RunContext ctx, Duration lockWait, boolean progress, Optional<BackupType> type) {
        if (type.isPresent()) {
            throw PgKeeperException.usage("--type " + type.get().flag() + " needs engine pgbackrest; clusters." + ctx.cluster().name()
                    + ".physical.engine is pg_basebackup, which takes full backups only", "leave out --type");
        }
        return new BaseBackupService(ctx).backup(lockWait, progress);
    }

    @Override
    public PhysicalRestoreResult restore(RunContext ctx, PhysicalRestoreRequest request) {
        return new PhysicalRestoreService(ctx).restore(request);
    }

    @Override
    public VerifyService verifier(RunContext ctx) {
        return new VerifyService(ctx);
    }

    @Override
    public List<CatalogEntry> catalog(RunContext ctx, Optional<BackupKind> kind) {
        return List.of();
    }

    @Override
    public Optional<Expiry> expire(RunContext ctx) {
        return Optional.empty();
    }

    @Override
    public Optional<WalArchive.PushResult> push(ArchiveSite site, Path wal) {
        return Optional.of(site.archiving().push(wal, site.spool()));
    }

    @Override
    public void get(ArchiveSite site, String name, Path dest) {
        site.archiving().get(name, dest, site.spool());
    }

    @Override
    public boolean keepsBackupsInRepository() {
        return true;
    }

    @Override
    public boolean archivesInProcess() {
        return true;
    }

    @Override
    public CommandLines commandLines(String launcher, Path policy, ClusterPolicy cluster, Path repositoryRoot) {
        return CommandLines.of(launcher, policy, cluster, repositoryRoot, "");
    }

    @Override
    public Optional<ArchivingCheck> checkArchiving(RunContext ctx, Duration timeout) {
        return Optional.empty();
    }
}
