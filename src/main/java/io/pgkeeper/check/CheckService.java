package io.pgkeeper.check;

import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.ops.LauncherPath;
import io.pgkeeper.engine.PhysicalEngine;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.ServerInfo;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.BackupKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code pgkeeper check}: is this server and this repository ready for what the policy asks?
 * Each probe tests the real thing where it can (a replication connection, a WAL switch that must
 * reach the archive, access as the server's OS user) and reports ok, warn or fail with its
 * evidence and the fix. Settings only physical backups need fail when the cluster uses them (a
 * basebackup is scheduled, or base backups or archived WAL exist) and only warn otherwise.
 */
public final class CheckService {
    private final RunContext ctx;
    private final Path policyFile;
    private final PhysicalEngine engine;

    public CheckService(RunContext ctx, Path policyFile, PhysicalEngine engine) {
        this.ctx = ctx;
        this.engine = engine;
        this.policyFile = policyFile.toAbsolutePath().normalize();
    }

    /** The archive_command this policy and cluster want, exactly. */
    public String archiveCommand() {
        return engine.commandLines(LauncherPath.of(ctx.cluster(), ctx.env()), policyFile, ctx.cluster(),
                ctx.policy().repository().path()).archiveCommand();
    }

    public CheckReport run(Duration archiveTimeout) {
        List<Finding> out = new ArrayList<>();
        List<Backup> completed = List.of();
        boolean archived = false;
        try {
            completed = ctx.repository().completed(ctx.cluster().name(), Optional.empty());
            archived = !WalArchive.of(ctx.repository(), ctx.cluster().name()).list().isEmpty();
        } catch (PgKeeperException e) {
            // the repository probe below names the problem; the server probes still run
        }
        boolean scheduled = ctx.cluster().schedule().entries().stream().anyMatch(e -> e.command().equals("basebackup"));
        boolean physical = scheduled || archived || completed.stream().anyMatch(b -> b.manifest().kind() == BackupKind.PHYSICAL);
        CheckContext cc = new CheckContext(ctx, policyFile, physical, completed, archiveTimeout);
        try (PgAccess access = ctx.access()) {
            server(cc, access, out);
        } catch (PgKeeperException e) {
            out.add(0, Finding.fail("connection", "cannot connect: " + e.getMessage(), e.hint().orElse(
                    "check clusters." + ctx.cluster().name() + ".connection in " + policyFile + ", the server, and pg_hba.conf")));
        }
        HostProbes.space(cc, out);
        if (ctx.repository().storage() instanceof io.pgkeeper.repository.storage.PosixStorage) {
            RepositoryProbe.run(cc, out);
        } else {
            S3Probe.run(cc, out);
        }
        EncryptionProbe.run(cc, out);
        SpoolProbe.run(cc, out);
        HostProbes.sandboxUser(cc, out);
        return new CheckReport(ctx.cluster().name(), archiveCommand(), ctx.cluster().osUser(), out);
    }

    private void server(CheckContext first, PgAccess access, List<Finding> out) {
        try (Connection c = access.connect()) {
            // archiving set up with pgkeeper's own command is physical use, even before anything reached the archive
            boolean archiving = List.of("on", "always").contains(Sql.setting(c, "archive_mode")) && Sql.setting(c, "archive_command").equals(archiveCommand());
            CheckContext cc = archiving && !first.physical() ? first.withPhysical() : first;
            ServerInfo info = ServerProbes.run(cc, c, access.describe(), archiveCommand(), out);
            ReplicationProbe.run(cc, access, c, info, out);
            if (PrivilegeProbe.dumpConfigured(cc)) {
                PrivilegeProbe.run(cc, access, c, out);
            }
            ArchivingProbe.run(cc, engine, c, out);
            ServerProbes.archiver(c, cc.physical(), out);
        } catch (SQLException e) {
            out.add(Finding.fail("server", "a query failed: " + Sql.reason(e), "check the role's privileges (docs/privileges.md)"));
        }
    }
}
