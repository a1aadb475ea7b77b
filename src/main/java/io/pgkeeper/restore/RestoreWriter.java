package io.pgkeeper.restore;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.LocalServer;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes a pg_basebackup backup into a data directory and its tablespace directories. A marker
 * file says a restore is under way until the very end, and pg_control is extracted last: until it
 * exists PostgreSQL refuses to start the directory, so a killed restore can never be started by
 * mistake, and the next restore calls it incomplete.
 */
public final class RestoreWriter {
    /** What the writing found on the way. */
    record Written(List<String> removedSettings, List<String> warnings) {}

    private final RunContext ctx;
    private final String osUser;
    /** The server's OS user when pgkeeper is root, who is given what is written; empty otherwise. */
    private final Optional<String> owner;

    RestoreWriter(RunContext ctx) {
        this.ctx = ctx;
        this.osUser = ctx.cluster().osUser();
        this.owner = ctx.os().runAs(osUser);
    }

    Written write(Backup backup, Path pgdata, List<TablespacePlan.Placement> tablespaces, CopySettings copy) {
        try {
            if (Files.exists(pgdata)) {
                TargetDirectory.clear(pgdata);
            } else {
                createOwned(pgdata);
            }
            Files.setPosixFilePermissions(pgdata, SecureFiles.DIR);
            Files.writeString(pgdata.resolve(TargetDirectory.INCOMPLETE_MARKER), "restore of " + backup.id() + " started by pid "
                    + ProcessHandle.current().pid() + "\n");
            for (TablespacePlan.Placement t : tablespaces) {
                prepareTablespace(t);
            }
            List<ToolCall> calls = new BaseBackupFiles(ctx.runner(), ctx.cluster().timeouts().restore()).extractCalls(backup, pgdata, tablespaces);
            for (ToolCall call : calls.subList(0, calls.size() - 1)) {
                ctx.runner().run(call).orThrow("extracting base backup " + backup.id() + " into " + pgdata + " failed",
                        "check free space and permissions on " + pgdata + (tablespaces.isEmpty() ? "" : " and the tablespace directories"));
            }
            BaseBackupFiles.linkTablespaces(pgdata, tablespaces);
            Written w = configure(pgdata, copy);
            ToolCall last = calls.get(calls.size() - 1);
            ctx.runner().run(last).orThrow("extracting pg_control from base backup " + backup.id() + " failed", "check " + pgdata);
            createLog(copy.logFile(), owner);
            for (Path dir : dirs(pgdata, tablespaces)) {
                SecureFiles.tighten(dir);
                owner.ifPresent(u -> LocalServer.chown(dir, u));
                SecureFiles.fsyncTree(dir);
            }
            // The marker goes last: a run killed anywhere before this line is reported as incomplete
            // by the next restore, even after pg_control is in place.
            Files.delete(pgdata.resolve(TargetDirectory.INCOMPLETE_MARKER));
            SecureFiles.fsyncDirectory(pgdata);
            return w;
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot write " + pgdata + ": " + e.getMessage(), "check free space and permissions", e);
        }
    }

    /** The backup's own settings minus every recovery and primary setting, then pgkeeper's blocks, then the signal file. */
    private Written configure(Path pgdata, CopySettings copy) throws IOException {
        List<String> warnings = new ArrayList<>();
        Path auto = pgdata.resolve("postgresql.auto.conf");
        String before = Files.exists(auto) ? Files.readString(auto, StandardCharsets.UTF_8) : "";
        AutoConf.Stripped stripped = AutoConf.strip(before);
        Files.writeString(auto, AutoConf.withBlocks(stripped.text(), copy.copySettings(), copy.recoverySettings()), StandardCharsets.UTF_8);
        if (!Files.exists(pgdata.resolve("postgresql.conf"))) {
            // a Debian-style cluster keeps its configuration outside the data directory
            Files.writeString(pgdata.resolve("postgresql.conf"), "# written by pgkeeper restore: the backup had no postgresql.conf\n");
            warnings.add("the backup has no postgresql.conf (its configuration lived outside the data directory): pgkeeper wrote an empty one;"
                    + " copy the source's settings into " + pgdata.resolve("postgresql.conf") + " if the copy needs them");
        }
        Path conf = pgdata.resolve("postgresql.conf");
        if (Files.exists(conf)) {
            List<String> sourceOnly = copy.sideCopy() ? List.of("data_directory", "external_pid_file") : List.of("data_directory");
            var fixed = AutoConf.commentedOut(Files.readString(conf, StandardCharsets.UTF_8), sourceOnly);
            if (fixed.isPresent()) {
                Files.writeString(conf, fixed.get(), StandardCharsets.UTF_8);
                warnings.add("the backup's postgresql.conf set " + String.join(" or ", sourceOnly) + " (the source's): pgkeeper commented it out");
            }
        }
        if (!Files.exists(pgdata.resolve("pg_hba.conf"))) {
            Files.writeString(pgdata.resolve("pg_hba.conf"), "# written by pgkeeper restore: the backup had no pg_hba.conf\nlocal all "
                    + osUser + " peer\n");
            warnings.add("the backup has no pg_hba.conf: pgkeeper wrote one that lets only OS user " + osUser + " in, over the local socket");
        }
        if (!Files.exists(pgdata.resolve("pg_ident.conf"))) {
            Files.writeString(pgdata.resolve("pg_ident.conf"), "");
        }
        Files.writeString(pgdata.resolve(copy.standby() ? "standby.signal" : "recovery.signal"), "");
        return new Written(stripped.removed(), warnings);
    }

    /** A tablespace directory the server's OS user owns, emptied of the replaced cluster's version directory with --force. */
    private void prepareTablespace(TablespacePlan.Placement t) throws IOException {
        if (t.replace()) {
            for (Path v : TablespacePlan.versionDirs(t.to())) {
                TargetDirectory.clear(v);
                Files.delete(v);
            }
        }
        createOwned(t.to());
        Files.setPosixFilePermissions(t.to(), SecureFiles.DIR);
    }

    private void createOwned(Path dir) throws IOException {
        createOwned(dir, owner);
    }

    /**
     * Creates the directory and its missing parents as the server's OS user would: its own, 0700.
     *
     * @param owner the server's OS user when pgkeeper is root ({@link io.pgkeeper.util.OsIdentity#runAs}), who gets them
     */
    public static void createOwned(Path dir, Optional<String> owner) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            return;
        }
        if (abs.getParent() != null) {
            createOwned(abs.getParent(), owner);
        }
        Files.createDirectory(abs);
        Files.setPosixFilePermissions(abs, SecureFiles.DIR);
        owner.ifPresent(u -> LocalServer.chown(abs, u));
    }

    /** The server appends to its log as its own user: the file exists before it starts, outside the data directory. */
    public static void createLog(Path log, Optional<String> owner) {
        try {
            if (!Files.exists(log)) {
                Files.createFile(log);
            }
            Files.setPosixFilePermissions(log, SecureFiles.FILE);
            owner.ifPresent(u -> LocalServer.chown(log, u));
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot create the server log " + log + ": " + e.getMessage(), "check the permissions of " + log.getParent(), e);
        }
    }

    private static List<Path> dirs(Path pgdata, List<TablespacePlan.Placement> tablespaces) {
        List<Path> out = new ArrayList<>();
        out.add(pgdata);
        tablespaces.forEach(t -> out.add(t.to()));
        return out;
    }
}
