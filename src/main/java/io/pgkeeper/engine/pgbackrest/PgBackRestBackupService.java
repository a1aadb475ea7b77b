package io.pgkeeper.engine.pgbackrest;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.engine.BackupType;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.repository.ClusterLock;
import io.pgkeeper.repository.LockName;
import io.pgkeeper.repository.Manifest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pgkeeper basebackup} with engine pgbackrest: creates the stanza when the repository does
 * not have it yet, runs {@code pgbackrest backup}, and describes the new backup from
 * {@code pgbackrest info}. pgkeeper writes no copy of it: pgBackRest's repository is the record.
 */
final class PgBackRestBackupService {
    private static final Logger log = LoggerFactory.getLogger(PgBackRestBackupService.class);

    private final RunContext ctx;

    PgBackRestBackupService(RunContext ctx) {
        this.ctx = ctx;
    }

    Manifest backup(BackupType type, Duration lockWait) {
        String cluster = ctx.cluster().name();
        PgBackRestTool tool = PgBackRestTool.open(ctx);
        List<List<String>> commands = new ArrayList<>();
        if (ctx.dryRun()) {
            ctx.runner().run(io.pgkeeper.process.ToolCall.of(PgBackRestTool.TOOL, PgBackRest.backup(tool.invocation(), type), java.util.Map.of(),
                    ctx.cluster().timeouts().dump()));
            Instant now = ctx.clock().instant();
            return PgBackRestManifests.of(cluster, new PgBackRestBackup("(dry run)", type.flag(), java.util.Optional.empty(), now, now, 0, 0, 0,
                    null, null, null, null, null, null, false), PgBackRestManifests.compression(ctx.cluster()), List.of());
        }
        ctx.repository().ensureWritable(ctx.repository().clusterDir(cluster));
        // pgBackRest writes its own backup and its own record of it: pgkeeper's part is the lock
        try (ClusterLock lock = ctx.repository().lock(cluster, LockName.CLUSTER, "basebackup", lockWait)) {
            PgBackRestInfo before = tool.info();
            if (before.stanzaMissing()) {
                log.info("stanza {} is not in the pgBackRest repository yet ({}): creating it", tool.stanza(), before.statusMessage());
                List<String> create = PgBackRest.stanzaCreate(tool.invocation());
                tool.runOrThrow("pgbackrest stanza-create for stanza " + tool.stanza() + " failed", create, PgBackRestTool.SHORT, false);
                commands.add(create);
            }
            Set<String> known = before.backups().stream().map(PgBackRestBackup::label).collect(Collectors.toSet());
            List<String> argv = PgBackRest.backup(tool.invocation(), type);
            log.info("pgbackrest {} backup of cluster {} (stanza {}) started", type.flag(), cluster, tool.stanza());
            tool.runOrThrow("pgbackrest " + type.flag() + " backup of cluster " + cluster + " failed", argv, ctx.cluster().timeouts().dump(), false);
            commands.add(argv);
            PgBackRestInfo after = tool.info();
            PgBackRestBackup made = after.backups().stream().filter(b -> !known.contains(b.label())).reduce((a, b) -> b)
                    .orElseThrow(() -> PgKeeperException.failed("pgbackrest backup succeeded but pgbackrest info lists no new backup for stanza "
                            + tool.stanza(), "run pgbackrest info yourself"));
            if (!made.type().equals(type.flag())) {
                log.warn("asked for a {} backup; pgBackRest took a {} backup {} (a diff or incr needs a prior full backup)", type.flag(), made.type(), made.label());
            }
            log.info("pgbackrest backup {} ({}) complete: {} bytes, {} in the repository, WAL {} .. {}", made.label(), made.type(), made.sizeBytes(),
                    made.deltaBytes(), made.archiveStart(), made.archiveStop());
            recordFingerprint(made.label());
            return PgBackRestManifests.of(cluster, made, PgBackRestManifests.compression(ctx.cluster()), commands);
        }
    }

    /** Read right after the backup ends, the state recovery to consistency reproduces; verify compares with it. */
    private void recordFingerprint(String label) {
        try (io.pgkeeper.postgres.PgAccess access = ctx.access()) {
            int major;
            try (java.sql.Connection c = access.connect()) {
                major = io.pgkeeper.postgres.Catalog.serverInfo(c).major();
            }
            var tools = ctx.binaries().forServer(major, ctx.cluster().binDir(), "pg_dump");
            new PgBackRestFingerprints(ctx.repository(), ctx.cluster().name()).write(label,
                    io.pgkeeper.backup.PhysicalFingerprints.record(ctx, access, tools));
        } catch (java.sql.SQLException | RuntimeException e) {
            // a fingerprint makes verify stronger; its absence must never fail a good backup
            log.warn("no fingerprint recorded for pgBackRest backup {}: {}", label, e.getMessage());
        }
    }
}
