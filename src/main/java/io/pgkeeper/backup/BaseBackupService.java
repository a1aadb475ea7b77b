package io.pgkeeper.backup;

import io.pgkeeper.archive.ArchiveIdentity;
import io.pgkeeper.archive.Lsn;
import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.error.ToolFailedException;
import io.pgkeeper.postgres.BackupManifestFile;
import io.pgkeeper.postgres.Catalog;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.PgBaseBackup;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.postgres.ReplicationReadiness;
import io.pgkeeper.postgres.ServerInfo;
import io.pgkeeper.postgres.TablespaceMap;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.repository.BackupAttempt;
import io.pgkeeper.repository.BackupId;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.DatabaseEntry;
import io.pgkeeper.repository.FileEntry;
import io.pgkeeper.repository.LockName;
import io.pgkeeper.repository.Manifest;
import io.pgkeeper.repository.PhysicalInfo;
import io.pgkeeper.repository.TablespaceEntry;
import io.pgkeeper.repository.Versions;
import io.pgkeeper.util.PgKeeperVersion;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one physical backup with pg_basebackup (tar format, WAL streamed; engine pg_basebackup) into
 * {@code <repo>/<cluster>/physical/<id>/}; the manifest, written last, records the WAL range
 * recovery needs.
 */
public final class BaseBackupService {
    private static final Logger log = LoggerFactory.getLogger(BaseBackupService.class);

    private final RunContext ctx;

    public BaseBackupService(RunContext ctx) {
        this.ctx = ctx;
    }

    /** @param progress show pg_basebackup's progress (stderr is a terminal) */
    public Manifest backup(Duration lockWait, boolean progress) {
        String cluster = ctx.cluster().name();
        try (PgAccess access = ctx.access()) {
            ServerInfo server;
            long segmentSize;
            SourceFacts source;
            try (Connection c = access.connect()) {
                server = Catalog.serverInfo(c);
                source = SourceFacts.read(c);
                ReplicationReadiness.require(c, access.describe());
                segmentSize = ReplicationReadiness.walSegmentSize(c);
            } catch (SQLException e) {
                throw PgKeeperException.failed("catalog connection failed: " + e.getMessage(), null, e);
            }
            PgTools tools = ctx.binaries().forServer(server.major(), ctx.cluster().binDir(), "pg_basebackup");
            WalArchive archive = WalArchive.of(ctx.repository(), cluster);
            if (ctx.dryRun()) {
                Instant now = ctx.clock().instant();
                Path dir = ctx.repository().kindDir(cluster, BackupKind.PHYSICAL).resolve(BackupId.of(now));
                ctx.runner().run(call(access, tools, dir, BackupId.of(now), progress));
                return Manifest.builder(BackupId.of(now), cluster, BackupKind.PHYSICAL).startedAt(now)
                        .server(server.version(), server.systemIdentifier()).versions(versions(server, tools)).build();
            }
            ctx.repository().ensureWritable(ctx.repository().clusterDir(cluster));
            if (!server.systemIdentifier().isEmpty()) {
                archive.recordIdentity(new ArchiveIdentity(server.systemIdentifier(), segmentSize));
            }
            try (BackupAttempt attempt = ctx.repository().begin(cluster, BackupKind.PHYSICAL, LockName.CLUSTER, "basebackup", lockWait)) {
                return take(attempt, access, server, source, tools, segmentSize, progress);
            }
        }
    }

    /** What pg_basebackup and the steps after it found, before the files are sealed. */
    private record Taken(BackupManifestFile wal, boolean verified, List<TablespaceEntry> tablespaces, List<DatabaseEntry> fingerprints) {}

    private Manifest take(BackupAttempt attempt, PgAccess access, ServerInfo server, SourceFacts source, PgTools tools, long segmentSize,
            boolean progress) {
        String cluster = ctx.cluster().name();
        String id = attempt.id();
        log.info("base backup {} of cluster {} started from {}", id, cluster, access.describe());
        List<List<String>> commands = new ArrayList<>();
        Taken t = attempt.write(dir -> {
            ToolCall call = call(access, tools, dir, id, progress);
            try {
                ctx.runner().run(call).orThrow("pg_basebackup of cluster " + cluster + " failed", hint(access));
            } catch (ToolFailedException e) {
                throw withHbaHint(e, access, cluster);
            }
            BackupManifestFile wal = BackupManifestFile.read(dir.resolve("backup_manifest"));
            commands.add(call.redactedArgv());
            boolean verified = false;
            if (PgBaseBackup.verifiesTar(tools)) {
                ToolCall verify = ToolCall.of("pg_verifybackup", PgBaseBackup.verifyArgv(tools, dir), Map.of(), ctx.cluster().timeouts().dump());
                ctx.runner().run(verify).orThrow("pg_verifybackup found the new base backup damaged", "take the base backup again");
                commands.add(verify.redactedArgv());
                verified = true;
            }
            List<TablespaceEntry> tablespaces = TablespaceMap.readFromTar(ctx.runner(), baseTar(dir), ctx.cluster().timeouts().dump()).stream()
                    .map(ts -> new TablespaceEntry(ts.oid(), source.tablespaceNames().get(ts.oid()), ts.path())).toList();
            return new Taken(wal, verified, tablespaces, PhysicalFingerprints.record(ctx, access, tools));
        });
        List<FileEntry> files = attempt.seal(List.of());
        BackupManifestFile wal = t.wal();
        PhysicalInfo info = new PhysicalInfo("pg_basebackup", "tar", ctx.cluster().physical().compress().orElse("none"),
                wal.startLsn(), wal.endLsn(), wal.timeline(),
                Lsn.parse(wal.startLsn()).segmentName(wal.timeline(), segmentSize),
                Lsn.parse(wal.endLsn()).segmentName(wal.timeline(), segmentSize), segmentSize, t.verified(), null, null, t.tablespaces(),
                source.standby(), source.port());
        Manifest m = Manifest.builder(id, cluster, BackupKind.PHYSICAL).startedAt(attempt.startedAt()).finishedAt(ctx.clock().instant())
                .server(server.version(), server.systemIdentifier()).versions(versions(server, tools)).files(files)
                .physical(info, t.fingerprints()).commands(commands).build();
        attempt.commit(m);
        log.info("base backup {} complete: {} bytes, WAL {} .. {}{}{}", id, m.sizeBytes(), info.startWalSegment(), info.stopWalSegment(),
                t.tablespaces().isEmpty() ? "" : ", " + t.tablespaces().size() + " tablespace(s)", source.standby() ? ", taken from a standby" : "");
        return m;
    }

    /** base.tar as pg_basebackup named it: with a suffix when it compressed. */
    private static Path baseTar(Path dir) {
        try (var s = java.nio.file.Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("base.tar")).findFirst()
                    .orElseThrow(() -> PgKeeperException.failed("pg_basebackup wrote no base.tar into " + dir, "take the base backup again"));
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ToolCall call(PgAccess access, PgTools tools, Path dir, String id, boolean progress) {
        return ToolCall.of("pg_basebackup", PgBaseBackup.argv(tools, ctx.cluster().physical(), dir, "pgkeeper " + id, progress),
                access.toolEnv(), ctx.cluster().timeouts().dump());
    }

    private static String hint(PgAccess access) {
        return "see pg_basebackup's message above";
    }

    private static PgKeeperException withHbaHint(ToolFailedException e, PgAccess access, String cluster) {
        var corrupt = ChecksumFailure.of(e, cluster, access.describe(), file -> Relations.ofFile(access, file));
        if (corrupt.isPresent()) {
            return corrupt.get();
        }
        boolean hba = e.stderrTail().stream().anyMatch(l -> l.contains("pg_hba.conf") && l.contains("replication"));
        if (!hba) {
            return e;
        }
        return new ToolFailedException(e.getMessage(), "the server refuses replication connections from this host: "
                + ReplicationReadiness.hbaHint(access.user()), e.tool(), e.toolExitCode(), e.stderrTail());
    }

    private Versions versions(ServerInfo server, PgTools tools) {
        return new Versions(PgKeeperVersion.get(), server.version(), Map.of("pg_basebackup", tools.version(), "binDir", tools.binDir().toString()));
    }
}
