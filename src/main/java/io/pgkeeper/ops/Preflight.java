package io.pgkeeper.ops;

import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.core.RunContext;
import io.pgkeeper.postgres.Catalog;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.postgres.ReplicationReadiness;
import io.pgkeeper.postgres.ServerInfo;
import io.pgkeeper.process.ShellQuote;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.util.OsUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code pgkeeper check}: is this server and this repository ready for what the policy asks?
 * Each finding is ok, warn or fail, with the fix. Settings that only physical backups need fail
 * when the cluster uses them (a basebackup is scheduled, or physical backups or archived WAL
 * exist) and only warn otherwise.
 */
public final class Preflight {
    /** Bounds the permission walk on huge repositories; what is seen is reported as such. */
    static final int MAX_ENTRIES_CHECKED = 20_000;

    private final RunContext ctx;
    private final Path policyFile;

    public Preflight(RunContext ctx, Path policyFile) {
        this.ctx = ctx;
        this.policyFile = policyFile.toAbsolutePath().normalize();
    }

    /** The archive_command this policy and cluster want, exactly. */
    public String archiveCommand() {
        return ShellQuote.join(List.of(LauncherPath.of(ctx.cluster(), ctx.env()), "archive", "push", "--policy", policyFile.toString(),
                "--cluster", ctx.cluster().name())) + " %p";
    }

    public List<Finding> run() {
        List<Finding> out = new ArrayList<>();
        boolean physical = usesPhysical();
        List<Backup> completed = ctx.repository().completed(ctx.cluster().name(), Optional.empty());
        try (PgAccess access = ctx.access(); Connection c = access.connect()) {
            server(c, physical, out);
        } catch (RuntimeException e) {
            out.add(0, Finding.fail("connection", "cannot connect: " + e.getMessage(),
                    "check clusters." + ctx.cluster().name() + ".connection in " + policyFile + ", the server, and pg_hba.conf"));
        } catch (SQLException e) {
            out.add(Finding.fail("connection", "query failed: " + e.getMessage(), "check the role's privileges"));
        }
        space(completed, out);
        permissions(out);
        sandboxUser(out);
        return out;
    }

    private boolean usesPhysical() {
        boolean scheduled = ctx.cluster().schedule().entries().stream().anyMatch(e -> e.command().equals("basebackup"));
        return scheduled || !ctx.repository().completed(ctx.cluster().name(), Optional.of(BackupKind.PHYSICAL)).isEmpty()
                || !new WalArchive(ctx.repository().clusterDir(ctx.cluster().name())).list().isEmpty();
    }

    private void server(Connection c, boolean physical, List<Finding> out) throws SQLException {
        ServerInfo info = Catalog.serverInfo(c);
        out.add(Finding.ok("server", "PostgreSQL " + info.version() + " (system identifier " + info.systemIdentifier() + ")"));
        tool(info.major(), "pg_dump", true, out);
        tool(info.major(), "pg_restore", true, out);
        tool(info.major(), "pg_basebackup", physical, out);

        String walLevel = setting(c, "wal_level");
        out.add(walLevel.equals("replica") || walLevel.equals("logical") ? Finding.ok("wal_level", walLevel)
                : Finding.failOrWarn(physical, "wal_level", walLevel + ": base backups and archiving need replica",
                        "set wal_level = replica in postgresql.conf and restart the server"));
        String archiveMode = setting(c, "archive_mode");
        String expected = archiveCommand();
        out.add(archiveMode.equals("on") || archiveMode.equals("always") ? Finding.ok("archive_mode", archiveMode)
                : Finding.failOrWarn(physical, "archive_mode", archiveMode + ": no WAL is archived, so no point-in-time recovery",
                        "set archive_mode = on in postgresql.conf and restart the server"));
        String archiveCommand = setting(c, "archive_command");
        if (archiveCommand.equals(expected)) {
            out.add(Finding.ok("archive_command", archiveCommand));
        } else {
            String what = archiveCommand.isEmpty() ? "not set" : "'" + archiveCommand + "' is not pgkeeper's command for this policy and cluster";
            out.add(Finding.failOrWarn(physical, "archive_command", what,
                    "set in postgresql.conf, then reload: archive_command = '" + expected.replace("'", "''") + "'"));
        }
        List<String> replication = ReplicationReadiness.problems(c).stream().filter(p -> !p.startsWith("wal_level")).toList();
        out.add(replication.isEmpty()
                ? Finding.ok("replication", "max_wal_senders " + setting(c, "max_wal_senders") + ", role may replicate")
                : Finding.failOrWarn(physical, "replication", String.join("; ", replication),
                        ReplicationReadiness.hbaHint(query(c, "SELECT current_user").orElse("USER"))));
        archiver(c, physical, out);
    }

    private void tool(int major, String name, boolean needed, List<Finding> out) {
        try {
            PgTools tools = ctx.binaries().forServer(major, ctx.cluster().binDir(), name);
            out.add(Finding.ok(name, tools.version() + " in " + tools.binDir()));
        } catch (RuntimeException e) {
            String fix = e instanceof io.pgkeeper.error.PgKeeperException pk ? pk.hint().orElse("install it") : "install it";
            out.add(Finding.failOrWarn(needed, name, e.getMessage(), fix));
        }
    }

    private void archiver(Connection c, boolean physical, List<Finding> out) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT failed_count, last_failed_wal, last_failed_time, last_archived_wal, last_archived_time FROM pg_stat_archiver")) {
            if (!rs.next()) {
                return;
            }
            long failed = rs.getLong(1);
            String failedWal = rs.getString(2);
            OffsetDateTime failedAt = rs.getObject(3, OffsetDateTime.class);
            OffsetDateTime archivedAt = rs.getObject(5, OffsetDateTime.class);
            if (failed == 0) {
                out.add(Finding.ok("pg_stat_archiver", "no failed archiving" + (archivedAt == null ? "" : "; last archived " + rs.getString(4) + " at " + archivedAt)));
            } else if (archivedAt == null || (failedAt != null && failedAt.isAfter(archivedAt))) {
                out.add(Finding.failOrWarn(physical, "pg_stat_archiver", failed + " failed attempts, the last for " + failedWal + " at " + failedAt
                        + ", and none succeeded since", "read the server log for the archive_command's error (pgkeeper logs to the server's stderr)"));
            } else {
                out.add(Finding.warn("pg_stat_archiver", failed + " failed attempts since the statistics reset, the last for " + failedWal
                        + " at " + failedAt + "; archiving has succeeded since", "none needed if it keeps succeeding;"
                        + " SELECT pg_stat_reset_shared('archiver') clears the count"));
            }
        }
    }

    private void space(List<Backup> completed, List<Finding> out) {
        Path root = ctx.repository().root();
        Path existing = root;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        Map<BackupKind, Long> newest = new EnumMap<>(BackupKind.class);
        completed.forEach(b -> newest.put(b.manifest().kind(), b.manifest().sizeBytes())); // oldest first: the last one stays
        long need = newest.values().stream().mapToLong(Long::longValue).sum();
        try {
            long free = Files.getFileStore(existing).getUsableSpace();
            String have = human(free) + " free in " + existing;
            if (need == 0) {
                out.add(Finding.ok("free space", have + " (no backup yet to compare with)"));
            } else if (free < need) {
                out.add(Finding.fail("free space", have + ", less than the newest backups take (" + human(need) + ")",
                        "free space there, or tighten retention and run pgkeeper prune"));
            } else if (free < 2 * need) {
                out.add(Finding.warn("free space", have + ", less than twice the newest backups (" + human(need) + ")",
                        "free space before the next backups fill it"));
            } else {
                out.add(Finding.ok("free space", have + "; the newest backups take " + human(need)));
            }
        } catch (IOException e) {
            out.add(Finding.warn("free space", "cannot read the free space of " + existing + ": " + e.getMessage(), "check the path"));
        }
    }

    private void permissions(List<Finding> out) {
        Path root = ctx.repository().root();
        if (!Files.isDirectory(root)) {
            out.add(Finding.warn("repository", root + " does not exist yet", "the first backup creates it (0700); or create it now"));
            return;
        }
        String me = OsUser.name();
        List<String> open = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        int[] seen = {0};
        try (Stream<Path> walk = Files.walk(root)) {
            walk.limit(MAX_ENTRIES_CHECKED).forEach(p -> {
                seen[0]++;
                try {
                    PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    Set<PosixFilePermission> perms = a.permissions();
                    boolean others = perms.stream().anyMatch(x -> x.name().startsWith("GROUP") || x.name().startsWith("OTHERS"));
                    if (others && !a.isSymbolicLink()) {
                        open.add(p.toString());
                    }
                    if (!a.owner().getName().equals(me)) {
                        foreign.add(p + " (" + a.owner().getName() + ")");
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            out.add(Finding.fail("repository", "cannot read " + root + ": " + e.getMessage(), "run pgkeeper as the repository's owner"));
            return;
        }
        if (!open.isEmpty()) {
            out.add(Finding.fail("repository permissions", open.size() + " entries readable by group or others, e.g. " + open.get(0),
                    "chmod -R go-rwx " + ShellQuote.quote(root.toString())));
        } else {
            out.add(Finding.ok("repository permissions", "0700 directories, 0600 files (" + seen[0] + " entries checked)"));
        }
        if (!foreign.isEmpty()) {
            out.add(Finding.warn("repository owner", foreign.size() + " entries not owned by " + me + ", e.g. " + foreign.get(0),
                    "chown -R " + me + " " + ShellQuote.quote(root.toString()) + ", or run pgkeeper as their owner"));
        }
    }

    private void sandboxUser(List<Finding> out) {
        String user = ctx.cluster().verify().sandbox().osUser();
        if (!OsUser.isRoot()) {
            out.add(Finding.ok("sandbox user", "verify's sandbox runs as " + OsUser.name() + " (pgkeeper is not root)"));
            return;
        }
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(user);
            out.add(Finding.ok("sandbox user", "OS user " + user + " exists"));
        } catch (UserPrincipalNotFoundException e) {
            out.add(Finding.fail("sandbox user", "OS user " + user + " (verify.sandbox.osUser) does not exist",
                    "create it (useradd --system " + user + ") or set verify.sandbox.osUser to an unprivileged user that exists"));
        } catch (IOException e) {
            out.add(Finding.warn("sandbox user", "cannot look up OS user " + user + ": " + e.getMessage(), "check /etc/passwd"));
        }
    }

    private static String human(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    private static String setting(Connection c, String name) throws SQLException {
        return query(c, "SELECT current_setting('" + name + "')").orElse("");
    }

    private static Optional<String> query(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        }
    }
}
