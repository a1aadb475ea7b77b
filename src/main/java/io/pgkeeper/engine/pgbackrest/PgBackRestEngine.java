package io.pgkeeper.engine.pgbackrest;

import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.core.RunContext;
import io.pgkeeper.engine.ArchiveSite;
import io.pgkeeper.engine.ArchivingCheck;
import io.pgkeeper.engine.BackupType;
import io.pgkeeper.engine.CommandLines;
import io.pgkeeper.engine.Expiry;
import io.pgkeeper.engine.PhysicalEngine;
import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.process.ToolResult;
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
 * Engine pgbackrest: pgBackRest takes, keeps, expires and restores the physical backups and keeps
 * the WAL archive; pgkeeper renders its configuration, runs it as the cluster's OS user, reads
 * its repository through {@code pgbackrest info} and proves its backups in the one verify pipeline.
 */
public final class PgBackRestEngine implements PhysicalEngine {
    public static final String NAME = "pgbackrest";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Manifest backup(RunContext ctx, Duration lockWait, boolean progress, Optional<BackupType> type) {
        return new PgBackRestBackupService(ctx).backup(type.orElse(BackupType.FULL), lockWait);
    }

    @Override
    public PhysicalRestoreResult restore(RunContext ctx, PhysicalRestoreRequest request) {
        PhysicalRestoreService.requireRestorable(ctx, request);
        return new PgBackRestRestore(ctx).restore(request);
    }

    @Override
    public VerifyService verifier(RunContext ctx) {
        return new VerifyService(ctx, Optional.of(new PgBackRestVerifyTargets(ctx)));
    }

    @Override
    public List<CatalogEntry> catalog(RunContext ctx, Optional<BackupKind> kind) {
        return PgBackRestCatalog.entries(ctx, kind);
    }

    /** The physical backups live in pgBackRest's repository: its expire applies retention there. */
    @Override
    public Optional<Expiry> expire(RunContext ctx) {
        return Optional.of(PgBackRestExpire.run(ctx));
    }

    @Override
    public Optional<WalArchive.PushResult> push(ArchiveSite site, Path wal) {
        archive(site).push(wal);
        return Optional.empty();
    }

    @Override
    public void get(ArchiveSite site, String name, Path dest) {
        if (!archive(site).get(name, dest)) {
            throw new WalArchive.NotArchived(name);
        }
    }

    private static PgBackRestArchive archive(ArchiveSite site) {
        return PgBackRestArchive.open(site.cluster(), site.archiving().policy().repository(), site.repository(), site.runner().get(),
                site.env(), site.os(), site.source());
    }

    /** pgbackrest runs as a child process: the full CLI takes push and get. */
    @Override
    public boolean keepsBackupsInRepository() {
        return false;
    }

    @Override
    public boolean archivesInProcess() {
        return false;
    }

    /** pgBackRest's backup refuses an archive_command without its name in it ([068]); the flag is also a guard. */
    @Override
    public CommandLines commandLines(String launcher, Path policy, ClusterPolicy cluster, Path repositoryRoot) {
        return CommandLines.of(launcher, policy, cluster, repositoryRoot, " --engine " + NAME);
    }

    @Override
    public Optional<ArchivingCheck> checkArchiving(RunContext ctx, Duration timeout) {
        PgBackRestTool tool = PgBackRestTool.open(ctx);
        ToolResult r = tool.run(PgBackRest.check(tool.invocation()), timeout, false);
        if (r.ok()) {
            return Optional.of(new ArchivingCheck(true, "pgbackrest check of stanza " + tool.stanza()
                    + " passed (it switches WAL and waits for the archive)", null, List.of()));
        }
        return Optional.of(new ArchivingCheck(false, "pgbackrest check of stanza " + tool.stanza() + " failed (exit " + r.exitCode() + ")",
                "fix pgBackRest's error below (docs/pgbackrest.md)", r.stderrTail()));
    }

}
