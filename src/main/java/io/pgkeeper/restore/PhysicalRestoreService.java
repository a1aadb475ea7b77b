package io.pgkeeper.restore;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.LocalServer;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.process.ShellQuote;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.ClusterLock;
import io.pgkeeper.repository.Integrity;
import io.pgkeeper.repository.Manifest;
import io.pgkeeper.util.OsUser;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a base backup into a data directory and sets it up to recover through
 * {@code pgkeeper archive get}. pg_control is extracted last: until it exists PostgreSQL refuses
 * to start the directory, so a killed restore can never be started by mistake.
 */
public final class PhysicalRestoreService {
    private static final Logger log = LoggerFactory.getLogger(PhysicalRestoreService.class);
    static final String PG_CONTROL = "global/pg_control";

    private final RunContext ctx;

    public PhysicalRestoreService(RunContext ctx) {
        this.ctx = ctx;
    }

    public PhysicalRestoreResult restore(PhysicalRestoreRequest req) {
        long started = System.nanoTime();
        String cluster = ctx.cluster().name();
        if (OsUser.isRoot() && ctx.cluster().osUser().equals("root")) {
            throw PgKeeperException.usage("refusing to restore a data directory owned by root: PostgreSQL will not run as root",
                    "set clusters." + cluster + ".osUser to the server's OS user (e.g. postgres)");
        }
        if (ctx.cluster().physical().engine() == io.pgkeeper.policy.PhysicalEngine.PGBACKREST) {
            return new PgBackRestRestore(ctx).restore(req);
        }
        Chosen chosen = choose(req);
        Backup backup = chosen.backup();
        Manifest m = backup.manifest();
        List<Integrity.Mismatch> bad = Integrity.check(backup.dir(), m.files());
        if (!bad.isEmpty()) {
            throw PgKeeperException.verification("backup " + m.id() + " is corrupted; nothing was restored:\n  "
                    + String.join("\n  ", bad.stream().map(Integrity.Mismatch::describe).toList()), "restore from another backup (pgkeeper list)");
        }
        Path pgdata = req.pgdata().toAbsolutePath().normalize();
        TargetDirectory.check(pgdata, req.force());
        List<String> settings = RecoverySettings.lines(restoreCommand(), req.target());
        PgTools tools = ctx.binaries().serverOfMajor(major(m.serverVersion()), ctx.cluster().binDir(), true);
        String startCommand = startCommand(tools, pgdata);
        log.info("restoring base backup {} into {} ({})", m.id(), pgdata, chosen.why());
        if (ctx.dryRun()) {
            extractCalls(backup, pgdata).forEach(ctx.runner()::run);
            return new PhysicalRestoreResult(m.id(), cluster, pgdata.toString(), chosen.why(), settings, startCommand, null, 0, true);
        }
        try (ClusterLock lock = ClusterLock.acquire(ctx.repository().lockDir(cluster), "physical-restore",
                "restore into " + pgdata, req.lockWait())) {
            write(backup, pgdata, settings, req);
        }
        PhysicalRestoreResult.Reached reached = null;
        if (req.start()) {
            reached = new RecoveryWatcher(ctx, tools, pgdata, req).startAndWait();
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        return new PhysicalRestoreResult(m.id(), cluster, pgdata.toString(), chosen.why(), settings, startCommand, reached, ms, false);
    }

    private record Chosen(Backup backup, String why) {}

    private Chosen choose(PhysicalRestoreRequest req) {
        String cluster = ctx.cluster().name();
        if (req.backupId().isPresent()) {
            return new Chosen(ctx.repository().find(cluster, req.backupId().get(), Optional.of(BackupKind.PHYSICAL)), "named with --backup");
        }
        ctx.repository().requireRoot("cluster " + cluster + " has no completed physical backup");
        List<Backup> all = ctx.repository().completed(cluster, Optional.of(BackupKind.PHYSICAL));
        if (all.isEmpty()) {
            throw PgKeeperException.usage("cluster " + cluster + " has no completed physical backup", "take one first: pgkeeper basebackup");
        }
        if (req.target().time().isPresent()) {
            var t = req.target().time().get();
            List<Backup> before = all.stream().filter(b -> b.manifest().finishedAt() != null && b.manifest().finishedAt().isBefore(t)).toList();
            if (before.isEmpty()) {
                throw PgKeeperException.usage("no base backup of cluster " + cluster + " finished before " + t + " (the oldest finished at "
                        + all.get(0).manifest().finishedAt() + ")", "choose a later --target-time");
            }
            Backup b = before.get(before.size() - 1);
            return new Chosen(b, "the newest base backup that finished before " + t);
        }
        return new Chosen(all.get(all.size() - 1), "the latest base backup");
    }

    private void write(Backup backup, Path pgdata, List<String> settings, PhysicalRestoreRequest req) {
        try {
            if (Files.exists(pgdata)) {
                TargetDirectory.clear(pgdata);
            } else {
                SecureFiles.createDirectories(pgdata);
            }
            Files.setPosixFilePermissions(pgdata, SecureFiles.DIR);
            Files.writeString(pgdata.resolve(TargetDirectory.INCOMPLETE_MARKER), "restore of " + backup.id() + " started by pid "
                    + ProcessHandle.current().pid() + "\n");
            List<ToolCall> calls = extractCalls(backup, pgdata);
            for (ToolCall call : calls.subList(0, calls.size() - 1)) {
                ctx.runner().run(call).orThrow("extracting base backup " + backup.id() + " into " + pgdata + " failed",
                        "check free space and permissions on " + pgdata);
            }
            List<String> conf = new ArrayList<>(settings);
            req.port().ifPresent(p -> conf.add("port = " + p));
            if (req.noArchive()) {
                conf.add("archive_mode = off");
            }
            Files.writeString(pgdata.resolve("postgresql.auto.conf"), "\n" + String.join("\n", conf) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Files.writeString(pgdata.resolve("recovery.signal"), "");
            ToolCall last = calls.get(calls.size() - 1);
            ctx.runner().run(last).orThrow("extracting pg_control from base backup " + backup.id() + " failed", "check " + pgdata);
            SecureFiles.tighten(pgdata);
            if (OsUser.isRoot()) {
                LocalServer.chown(pgdata, ctx.cluster().osUser());
            }
            SecureFiles.fsyncTree(pgdata);
            // The marker goes last: a run killed anywhere before this line is reported as incomplete
            // by the next restore, even after pg_control is in place.
            Files.delete(pgdata.resolve(TargetDirectory.INCOMPLETE_MARKER));
            SecureFiles.fsyncDirectory(pgdata);
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot write " + pgdata + ": " + e.getMessage(), "check free space and permissions", e);
        }
    }

    /** base.tar without pg_control, each other tar into its place, then pg_control alone. */
    private List<ToolCall> extractCalls(Backup backup, Path pgdata) {
        Path base = tarNamed(backup, "base.tar");
        List<ToolCall> calls = new ArrayList<>();
        calls.add(tar(List.of("tar", "--extract", "--no-same-owner", "--file=" + base, "--directory=" + pgdata, "--exclude=" + PG_CONTROL)));
        Path wal = tarNamed(backup, "pg_wal.tar");
        calls.add(tar(List.of("tar", "--extract", "--no-same-owner", "--file=" + wal, "--directory=" + pgdata.resolve("pg_wal"))));
        calls.add(tar(List.of("tar", "--extract", "--no-same-owner", "--file=" + base, "--directory=" + pgdata, PG_CONTROL)));
        return calls;
    }

    private Path tarNamed(Backup backup, String stem) {
        for (var f : backup.manifest().files()) {
            if (f.path().equals(stem) || f.path().startsWith(stem + ".")) {
                return backup.dir().resolve(f.path());
            }
        }
        boolean tablespaces = backup.manifest().files().stream().anyMatch(f -> f.path().matches("\\d+\\.tar.*"));
        throw PgKeeperException.failed("backup " + backup.id() + " has no " + stem + (tablespaces ? " (and it holds tablespaces, which pgkeeper cannot restore yet)" : ""),
                "restore from another backup");
    }

    private ToolCall tar(List<String> argv) {
        List<String> a = new ArrayList<>(argv);
        a.set(0, "/bin/tar");
        return ToolCall.of("tar", a, Map.of(), ctx.cluster().timeouts().restore());
    }

    /**
     * The restore_command: the policy's archive.launcher, else this same pgkeeper (scripts/pgkeeper
     * exports PGKEEPER_LAUNCHER), with this policy and cluster. The server's OS user must be able
     * to run it and read the repository.
     */
    String restoreCommand() {
        String launcher = ctx.cluster().archive().launcher().orElseGet(() -> ctx.env().getOrDefault("PGKEEPER_LAUNCHER", "pgkeeper"));
        // the launcher is a command line of its own (e.g. "java -jar /opt/pgkeeper.jar"): not quoted as one word
        return launcher + " " + ShellQuote.join(List.of("archive", "get", "--policy", ctx.policy().source().toAbsolutePath().toString(),
                "--cluster", ctx.cluster().name())) + " %f %p";
    }

    private String startCommand(PgTools tools, Path pgdata) {
        String pgCtl = ShellQuote.join(List.of(tools.bin("pg_ctl"), "-D", pgdata.toString(), "-l", pgdata.resolve("server.log").toString(), "start"));
        return OsUser.isRoot() ? "runuser -u " + ctx.cluster().osUser() + " -- " + pgCtl : pgCtl;
    }

    static int major(String version) {
        try {
            return Integer.parseInt(version.split("[.\\s]")[0]);
        } catch (RuntimeException e) {
            throw PgKeeperException.failed("the backup records no usable server version (" + version + ")", null);
        }
    }
}
