package io.pgkeeper.restore;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.pgbackrest.PgBackRestBackup;
import io.pgkeeper.pgbackrest.PgBackRestInfo;
import io.pgkeeper.pgbackrest.PgBackRestTool;
import io.pgkeeper.postgres.LocalServer;
import io.pgkeeper.postgres.PgBackRest;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.process.ShellQuote;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.repository.ClusterLock;
import io.pgkeeper.util.OsUser;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A physical restore with engine pgbackrest: the same refusals, backup choice and --start as the
 * pg_basebackup path, but pgbackrest restore writes the files and the recovery settings, with
 * restore_command = pgbackrest archive-get. --force becomes --delta, nothing else does.
 */
final class PgBackRestRestore {
    private static final Logger log = LoggerFactory.getLogger(PgBackRestRestore.class);
    /** PostgreSQL reads recovery_target_time in this form; UTC keeps it unambiguous. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    private final RunContext ctx;

    PgBackRestRestore(RunContext ctx) {
        this.ctx = ctx;
    }

    PhysicalRestoreResult restore(PhysicalRestoreRequest req) {
        long started = System.nanoTime();
        String cluster = ctx.cluster().name();
        Path pgdata = req.pgdata().toAbsolutePath().normalize();
        TargetDirectory.check(pgdata, req.force());
        PgBackRestTool tool = PgBackRestTool.open(ctx);
        PgBackRestInfo info = tool.info();
        Chosen chosen = choose(info, req);
        PgBackRest.Restore r = options(req, pgdata, chosen.backup().label());
        List<String> argv = PgBackRest.restore(tool.invocation(), r);
        String pgVersion = chosen.backup().pgVersion() == null ? "0" : chosen.backup().pgVersion();
        PgTools tools = ctx.binaries().serverOfMajor(PhysicalRestoreService.major(pgVersion), ctx.cluster().binDir(), true);
        String startCommand = startCommand(tools, pgdata);
        log.info("restoring pgBackRest backup {} into {} ({})", chosen.backup().label(), pgdata, chosen.why());
        if (ctx.dryRun()) {
            ctx.runner().run(ToolCall.of("pgbackrest", argv, Map.of(), ctx.cluster().timeouts().restore()));
            return new PhysicalRestoreResult(chosen.backup().label(), cluster, pgdata.toString(), chosen.why(), List.of(), startCommand, null, 0, true);
        }
        List<String> settings;
        try (ClusterLock lock = ClusterLock.acquire(ctx.repository().lockDir(cluster), "physical-restore", "restore into " + pgdata, req.lockWait())) {
            prepare(pgdata);
            tool.runOrThrow("pgbackrest restore of backup " + chosen.backup().label() + " into " + pgdata + " failed", argv,
                    ctx.cluster().timeouts().restore(), false);
            settings = finish(pgdata, req);
        }
        PhysicalRestoreResult.Reached reached = null;
        if (req.start()) {
            reached = new RecoveryWatcher(ctx, tools, pgdata, req).startAndWait();
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        return new PhysicalRestoreResult(chosen.backup().label(), cluster, pgdata.toString(), chosen.why(), settings, startCommand, reached, ms, false);
    }

    private record Chosen(PgBackRestBackup backup, String why) {}

    private Chosen choose(PgBackRestInfo info, PhysicalRestoreRequest req) {
        String cluster = ctx.cluster().name();
        List<PgBackRestBackup> all = info.backups().stream().filter(b -> !b.error()).toList();
        if (all.isEmpty()) {
            throw PgKeeperException.usage("stanza " + info.stanza() + " of cluster " + cluster + " has no usable pgBackRest backup ("
                    + info.statusMessage() + ")", "take one first: pgkeeper basebackup");
        }
        if (req.backupId().isPresent() && !req.backupId().get().equals("latest")) {
            String label = req.backupId().get();
            return new Chosen(info.find(label).orElseThrow(() -> PgKeeperException.usage("stanza " + info.stanza() + " has no backup "
                    + label, "pick one of: " + String.join(", ", all.stream().map(PgBackRestBackup::label).toList()))), "named with --backup");
        }
        if (req.backupId().isEmpty() && req.target().time().isPresent()) {
            Instant t = req.target().time().get();
            List<PgBackRestBackup> before = all.stream().filter(b -> b.finishedAt().isBefore(t)).toList();
            if (before.isEmpty()) {
                throw PgKeeperException.usage("no pgBackRest backup of cluster " + cluster + " finished before " + t + " (the oldest finished at "
                        + all.get(0).finishedAt() + ")", "choose a later --target-time");
            }
            return new Chosen(before.get(before.size() - 1), "the newest base backup that finished before " + t);
        }
        return new Chosen(all.get(all.size() - 1), "the latest base backup");
    }

    /** The recovery target in pgbackrest's terms; the backup is always named, so what was chosen is what is restored. */
    static PgBackRest.Restore options(PhysicalRestoreRequest req, Path pgdata, String label) {
        RecoveryTarget t = req.target();
        Optional<String> type = Optional.empty();
        Optional<String> target = Optional.empty();
        if (t.time().isPresent()) {
            type = Optional.of("time");
            target = Optional.of(TIME.format(t.time().get()));
        } else if (t.lsn().isPresent()) {
            type = Optional.of("lsn");
            target = t.lsn();
        } else if (t.xid().isPresent()) {
            type = Optional.of("xid");
            target = t.xid();
        } else if (t.name().isPresent()) {
            type = Optional.of("name");
            target = t.name();
        } else if (t.immediate()) {
            type = Optional.of("immediate");
        }
        Optional<String> action = type.isPresent() ? Optional.of(t.action().name().toLowerCase(Locale.ROOT)) : Optional.empty();
        return new PgBackRest.Restore(pgdata, Optional.of(label), req.force(), type, target, action, t.timeline(), req.noArchive());
    }

    /** pgbackrest runs as the cluster's OS user, so it gets a directory of its own to write. */
    private void prepare(Path pgdata) {
        try {
            if (!Files.exists(pgdata)) {
                SecureFiles.createDirectories(pgdata);
            }
            Files.setPosixFilePermissions(pgdata, SecureFiles.DIR);
            if (OsUser.isRoot()) {
                LocalServer.chown(pgdata, ctx.cluster().osUser());
            }
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot prepare " + pgdata + ": " + e.getMessage(), "check permissions", e);
        }
    }

    /** Adds --port; returns the recovery settings pgbackrest wrote, for the report. */
    private List<String> finish(Path pgdata, PhysicalRestoreRequest req) {
        Path auto = pgdata.resolve("postgresql.auto.conf");
        try {
            if (req.port().isPresent()) {
                Files.writeString(auto, "port = " + req.port().get() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            List<String> settings = new ArrayList<>();
            for (String line : Files.readAllLines(auto, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (l.startsWith("restore_command") || l.startsWith("recovery_target") || l.startsWith("archive_mode") || l.startsWith("port")) {
                    settings.add(l);
                }
            }
            return settings;
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot read the restored " + auto + ": " + e.getMessage(), "check " + pgdata, e);
        }
    }

    private String startCommand(PgTools tools, Path pgdata) {
        String pgCtl = ShellQuote.join(List.of(tools.bin("pg_ctl"), "-D", pgdata.toString(), "-l", pgdata.resolve("server.log").toString(), "start"));
        return OsUser.isRoot() ? "runuser -u " + ctx.cluster().osUser() + " -- " + pgCtl : pgCtl;
    }
}
