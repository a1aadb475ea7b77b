package io.pgkeeper.engine;

import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.core.RunContext;
import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.CatalogEntry;
import io.pgkeeper.repository.Manifest;
import io.pgkeeper.restore.PhysicalRestoreRequest;
import io.pgkeeper.restore.PhysicalRestoreResult;
import io.pgkeeper.verify.VerifyService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The tool that takes, keeps and restores a cluster's physical backups and its WAL archive:
 * pg_basebackup with pgkeeper's own repository and archive ({@code engine/basebackup}), or
 * pgBackRest with its repository ({@code engine/pgbackrest}). It is chosen once per run from
 * {@code clusters.<name>.physical.engine}; every command that backs up, restores, lists, prunes,
 * archives, checks or verifies physical backups asks it instead of looking at the policy.
 */
public interface PhysicalEngine {

    /** As the policy spells it: {@code pg_basebackup} or {@code pgbackrest}. */
    String name();

    /** {@code pgkeeper basebackup}. @param type full, diff or incr; only engines that take them accept one */
    Manifest backup(RunContext ctx, Duration lockWait, boolean progress, Optional<BackupType> type);

    /** {@code pgkeeper restore --kind physical}, after the refusals every engine shares. */
    PhysicalRestoreResult restore(RunContext ctx, PhysicalRestoreRequest request);

    /** {@code pgkeeper verify}: the one pipeline, over the physical backups where this engine keeps them. */
    VerifyService verifier(RunContext ctx);

    /** Physical backups kept outside pgkeeper's repository, for {@code list}; empty when the repository lists them itself. */
    List<CatalogEntry> catalog(RunContext ctx, Optional<BackupKind> kind);

    /** The engine's own retention after pgkeeper's prune; empty when pgkeeper's prune covers the physical backups. */
    Optional<Expiry> expire(RunContext ctx);

    /** {@code archive push}. @return pgkeeper's record of the file, or empty when the engine's tool keeps the archive */
    Optional<WalArchive.PushResult> push(ArchiveSite site, Path wal);

    /** {@code archive get}: the file is at dest afterwards; throws {@link WalArchive.NotArchived} when the archive has no such file. */
    void get(ArchiveSite site, String name, Path dest);

    /** Whether the base backups lie in pgkeeper's own repository, where the point-in-time restore of one database recovers them. */
    boolean keepsBackupsInRepository();

    /** Whether push and get run in this process, without a child process: only then may the fast path take them. */
    boolean archivesInProcess();

    /** The archive_command and restore_command lines for postgresql.conf. */
    CommandLines commandLines(String launcher, Path policy, ClusterPolicy cluster, Path repositoryRoot);

    /** The engine's own end-to-end archiving check, for {@code pgkeeper check}; empty when pgkeeper probes its own archive. */
    Optional<ArchivingCheck> checkArchiving(RunContext ctx, Duration timeout);

    /** archive push --engine: the archive_command names the engine it was set up for; a policy naming another is refused. */
    default void requireArchivingFor(ClusterPolicy cluster, String expected) {
        if (expected != null && !name().equals(expected)) {
            throw io.pgkeeper.error.PgKeeperException.usage("archive_command says --engine " + expected + " but clusters." + cluster.name()
                    + ".physical.engine is " + name() + "; nothing was archived (PostgreSQL keeps the file and retries)",
                    "set archive_command to the line 'pgkeeper archive command-line' prints, and reload the server");
        }
    }
}
