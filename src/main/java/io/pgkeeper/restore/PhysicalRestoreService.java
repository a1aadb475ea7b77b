package io.pgkeeper.restore;

import io.pgkeeper.archive.ArchivedFile;
import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.archive.WalNames;
import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.process.ShellQuote;
import io.pgkeeper.recovery.RecoveryGoal;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.LocalCopies;
import io.pgkeeper.repository.ClusterLock;
import io.pgkeeper.repository.LockName;
import io.pgkeeper.repository.Integrity;
import io.pgkeeper.repository.Manifest;
import io.pgkeeper.repository.PhysicalInfo;
import io.pgkeeper.spool.Archiving;
import io.pgkeeper.spool.EarlyReadAhead;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a base backup of pgkeeper's repository (engine pg_basebackup) into a data directory
 * and sets it up to recover through {@code pgkeeper archive get}. Everything that can be refused is refused before anything is
 * written (exit 2): the backup, the target, the directory, every tablespace directory, the port.
 */
public final class PhysicalRestoreService {
    private static final Logger log = LoggerFactory.getLogger(PhysicalRestoreService.class);

    private final RunContext ctx;

    public PhysicalRestoreService(RunContext ctx) {
        this.ctx = ctx;
    }

    public PhysicalRestoreResult restore(PhysicalRestoreRequest req) {
        long started = System.nanoTime();
        requireRestorable(ctx, req);
        TargetFit.Chosen<Backup> chosen = choose(req);
        try (LocalCopies copies = new LocalCopies(ctx.repository())) {
            return restore(req, chosen, copies.of(chosen.backup()), started);
        }
    }

    /** @param backup the chosen one, with its files on local disk */
    private PhysicalRestoreResult restore(PhysicalRestoreRequest req, TargetFit.Chosen<Backup> chosen, Backup backup, long started) {
        String cluster = ctx.cluster().name();
        Manifest m = backup.manifest();
        List<Integrity.Mismatch> bad = Integrity.check(backup.dir(), m.files());
        if (!bad.isEmpty()) {
            throw PgKeeperException.verification("backup " + m.id() + " is corrupted; nothing was restored:\n  "
                    + String.join("\n  ", bad.stream().map(Integrity.Mismatch::describe).toList()), "restore from another backup (pgkeeper list)");
        }
        Path pgdata = req.pgdata().toAbsolutePath().normalize();
        TargetDirectory.check(pgdata, req.force());
        Map<String, Path> replaced = req.force() && Files.exists(pgdata) ? TargetDirectory.tablespaceLinks(pgdata) : Map.of();
        List<TablespacePlan.Placement> tablespaces = TablespacePlan.plan(new BaseBackupFiles(ctx.runner(), ctx.cluster().timeouts().restore())
                .tablespaces(backup), req.tablespaceMap(), pgdata, replaced);
        Optional<Integer> recordedPort = Optional.ofNullable(m.physical()).map(PhysicalInfo::port);
        if (req.start()) {
            req.port().or(() -> recordedPort).ifPresent(p -> requireFreePort(p, req.port().isPresent()));
        }
        CopySettings copy = CopySettings.of(req, pgdata, restoreCommand(), cluster, ctx.cluster().connection());
        PgTools tools = ctx.binaries().serverOfMajor(major(m.serverVersion()), ctx.cluster().binDir(), true);
        String startCommand = CopyStart.startCommand(ctx, tools, pgdata);
        boolean fromStandby = m.physical() != null && Boolean.TRUE.equals(m.physical().fromStandby());
        log.info("restoring base backup {} into {} ({})", m.id(), pgdata, chosen.why());
        if (ctx.dryRun()) {
            new BaseBackupFiles(ctx.runner(), ctx.cluster().timeouts().restore()).extractCalls(backup, pgdata, tablespaces).forEach(ctx.runner()::run);
            return result(m.id(), pgdata, chosen.why(), req, copy, List.of(), tablespaces, copy.warnings(), startCommand, null, 0, true, fromStandby);
        }
        RestoreWriter.Written written;
        try (ClusterLock lock = ctx.repository().lock(cluster, LockName.PHYSICAL_RESTORE,
                "restore into " + pgdata, req.lockWait())) {
            written = new RestoreWriter(ctx).write(backup, pgdata, tablespaces, copy);
        }
        List<String> warnings = new ArrayList<>(copy.warnings());
        warnings.addAll(written.warnings());
        // before the server starts: its recovery's first calls are then answered without a JVM (help, never a condition)
        EarlyReadAhead.prepare(new Archiving(ctx.policy(), ctx.cluster(), ctx.repository(), WalArchive.of(ctx.repository(), cluster), ctx.env(),
                ctx.clock(), ctx.os(), pgdata, ctx.mainClass()));
        PhysicalRestoreResult.Reached reached = null;
        if (req.start()) {
            int port = req.port().or(() -> recordedPort).orElseGet(() -> configuredPort(pgdata));
            if (req.port().isEmpty() && recordedPort.isEmpty() && PortCheck.inUse(port)) {
                throw PgKeeperException.failed("the restored copy in " + pgdata + " would listen on port " + port + ", which is in use;"
                        + " it was restored but not started", "pass --port with a free port and restore again with --force, or set port in "
                        + pgdata.resolve("postgresql.auto.conf") + " and start it with: " + startCommand);
            }
            reached = new CopyStart(ctx, tools, pgdata, copy.logFile()).startAndWait(goal(req), port, archiveEnd());
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        return result(m.id(), pgdata, chosen.why(), req, copy, written.removedSettings(), tablespaces, warnings, startCommand, reached, ms, false,
                fromStandby);
    }

    private PhysicalRestoreResult result(String id, Path pgdata, String why, PhysicalRestoreRequest req, CopySettings copy, List<String> removed,
            List<TablespacePlan.Placement> tablespaces, List<String> warnings, String startCommand, PhysicalRestoreResult.Reached reached,
            long ms, boolean dryRun, boolean fromStandby) {
        List<PhysicalRestoreResult.RestoredTablespace> ts = tablespaces.stream()
                .map(t -> new PhysicalRestoreResult.RestoredTablespace(t.oid(), t.name(), t.from().toString(), t.to().toString())).toList();
        return new PhysicalRestoreResult(id, ctx.cluster().name(), pgdata.toString(), why, req.standby() ? "standby (no target)" : req.target().describe(),
                req.standby(), fromStandby, copy.shown(), removed, ts, copy.archiving(), copy.logFile().toString(), startCommand, reached,
                warnings, ms, dryRun);
    }

    /** What every engine refuses before it reads anything: a root-owned copy, options that exclude each other. */
    public static void requireRestorable(RunContext ctx, PhysicalRestoreRequest req) {
        if (ctx.os().root() && ctx.cluster().osUser().equals("root")) {
            throw PgKeeperException.usage("refusing to restore a data directory owned by root: PostgreSQL will not run as root",
                    "set clusters." + ctx.cluster().name() + ".osUser to the server's OS user (e.g. postgres)");
        }
        requireConsistent(req);
    }

    /** Options that exclude each other are usage errors before anything is read. */
    static void requireConsistent(PhysicalRestoreRequest req) {
        if (req.standby() && req.target().isSet()) {
            throw PgKeeperException.usage("--standby makes a replica that follows its primary; it takes no recovery target",
                    "leave out --target-* for a replica, or --standby for a point-in-time copy");
        }
        if (req.primaryConninfo().isPresent() && !req.standby()) {
            throw PgKeeperException.usage("--primary-conninfo is for a replica", "add --standby, or leave out --primary-conninfo");
        }
    }

    public static RecoveryGoal goal(PhysicalRestoreRequest req) {
        if (req.standby()) {
            return RecoveryGoal.STANDBY;
        }
        if (!req.target().isSet()) {
            return RecoveryGoal.PROMOTE;
        }
        return switch (req.target().action()) {
            case PROMOTE -> RecoveryGoal.PROMOTE;
            case PAUSE -> RecoveryGoal.PAUSE;
            case SHUTDOWN -> RecoveryGoal.SHUTDOWN;
        };
    }

    public static void requireFreePort(int port, boolean given) {
        if (PortCheck.inUse(port)) {
            throw PgKeeperException.usage("port " + port + " is in use on this host" + (given ? "" : " (the backup's server listened on it)")
                    + ", so the restored copy could not start there; nothing was changed", "pass --port with a free port for the copy");
        }
    }

    private TargetFit.Chosen<Backup> choose(PhysicalRestoreRequest req) {
        return PhysicalBackupChoice.choose(ctx, req.backupId(), req.target());
    }

    /** Where the archive ends, for a message about recovery that stopped short. */
    Optional<String> archiveEnd() {
        try {
            return WalArchive.of(ctx.repository(), ctx.cluster().name()).list().stream().map(ArchivedFile::walName)
                    .filter(WalNames::isSegment).max(java.util.Comparator.naturalOrder()).map(s -> "the newest archived segment is " + s);
        } catch (PgKeeperException e) {
            return Optional.empty(); // only decorates a message about another failure
        }
    }

    private static int configuredPort(Path pgdata) {
        for (String f : List.of("postgresql.auto.conf", "postgresql.conf")) {
            try {
                Optional<String> p = AutoConf.value(Files.readString(pgdata.resolve(f), StandardCharsets.UTF_8), "port");
                if (p.isPresent() && p.get().matches("\\d+")) {
                    return Integer.parseInt(p.get());
                }
            } catch (IOException e) {
                // no such file: the next one, then the default
            }
        }
        return 5432;
    }

    /**
     * The restore_command: the policy's archive.launcher, else this same pgkeeper (scripts/pgkeeper
     * exports PGKEEPER_LAUNCHER), with this policy and cluster. The server's OS user must be able
     * to run it and read the repository.
     */
    String restoreCommand() {
        String launcher = ctx.cluster().archive().launcher().orElseGet(() -> ctx.env().getOrDefault("PGKEEPER_LAUNCHER", "pgkeeper"));
        // the launcher is a command line of its own (e.g. "java -jar /opt/pgkeeper.jar"): not quoted as one word
        List<String> args = new ArrayList<>(List.of("archive", "get", "--policy", ctx.policy().source().toAbsolutePath().toString(),
                "--cluster", ctx.cluster().name()));
        args.addAll(io.pgkeeper.spool.Spool.commandLineArgs("get", ctx.cluster(), ctx.policy().repository().path()));
        return launcher + " " + ShellQuote.join(args) + " %f %p";
    }

    public static int major(String version) {
        try {
            return Integer.parseInt(version.split("[.\\s]")[0]);
        } catch (RuntimeException e) {
            throw PgKeeperException.failed("the backup records no usable server version (" + version + ")", null);
        }
    }
}
