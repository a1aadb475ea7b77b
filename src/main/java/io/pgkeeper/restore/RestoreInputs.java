package io.pgkeeper.restore;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.error.ToolFailedException;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.DatabaseEntry;
import io.pgkeeper.repository.FileEntry;
import io.pgkeeper.repository.Integrity;
import io.pgkeeper.repository.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a logical restore checks before it changes anything: the files' checksums, and each
 * dump's identity (the database its table of contents names must be the one the manifest says it
 * is). Shared by the restore of one database and of a whole backup.
 */
final class RestoreInputs {
    private RestoreInputs() {}

    static Backup find(RunContext ctx, String backupId) {
        return ctx.repository().find(ctx.cluster().name(), backupId, Optional.of(BackupKind.LOGICAL));
    }

    static void checkIntegrity(Backup backup, List<DatabaseEntry> entries, boolean globals) {
        if (globals && backup.manifest().globalsFile() == null) {
            throw PgKeeperException.usage("backup " + backup.id() + " holds no globals (it was taken with logical.globals: none)",
                    "restore without --globals");
        }
        List<Integrity.Mismatch> bad = Integrity.check(backup.dir(), files(backup.manifest(), entries, globals));
        if (!bad.isEmpty()) {
            throw PgKeeperException.verification("backup " + backup.id() + " is corrupted; nothing was restored:\n  "
                    + String.join("\n  ", bad.stream().map(Integrity.Mismatch::describe).toList()),
                    "restore from another backup (pgkeeper list)");
        }
    }

    /**
     * The files a restore of {@code entries} reads, with the globals file when {@code globals}:
     * what is checked before anything is created, and all that is copied from an object store.
     */
    static List<FileEntry> files(Manifest m, List<DatabaseEntry> entries, boolean globals) {
        List<FileEntry> files = new ArrayList<>();
        entries.forEach(e -> files.addAll(e.files()));
        if (globals && m.globalsFile() != null) {
            m.files().stream().filter(f -> f.path().equals(m.globalsFile())).forEach(files::add);
        }
        return files;
    }

    /** The dump's properties, once its own name proves it is the dump of {@code entry}'s database. */
    static DatabaseProperties identify(RunContext ctx, PgTools tools, Backup backup, DatabaseEntry entry) {
        Path dump = backup.dir().resolve(entry.dumpPath());
        DatabaseProperties p;
        try {
            p = new DumpReader(ctx.runner(), tools, ctx.cluster().timeouts().restore()).read(dump);
        } catch (ToolFailedException e) {
            // the file matches its checksum: what pg_restore cannot read was stored that way
            throw new PgKeeperException(ExitCode.VERIFICATION_FAILED, "the dump " + entry.dumpPath() + " of backup " + backup.id()
                    + " cannot be read; nothing was restored: " + e.getMessage(), "restore from another backup (pgkeeper list)", e);
        }
        if (!p.dumpedName().equals(entry.name())) {
            throw PgKeeperException.verification("the dump " + entry.dumpPath() + " of backup " + backup.id() + " holds database \""
                    + p.dumpedName() + "\", not \"" + entry.name() + "\" as the manifest says; nothing was restored",
                    "the backup's files were swapped or mixed up: restore from another backup (pgkeeper list)");
        }
        return p;
    }

    static GlobalsApplier.Outcome applyGlobals(Connection c, Backup backup) {
        Path file = backup.dir().resolve(backup.manifest().globalsFile());
        try {
            return GlobalsApplier.apply(c, Files.readString(file));
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot read " + file + ": " + e.getMessage(), null, e);
        }
    }

    /** pg_restore of the newer of the server's and the backup's majors: it reads older archives, never newer ones. */
    static PgTools tools(RunContext ctx, int serverMajor, Manifest m) {
        return ctx.binaries().forServer(Math.max(serverMajor, majorOf(m.serverVersion())), ctx.cluster().binDir(), "pg_restore");
    }

    /** The backup's warnings that a restore should repeat, such as role passwords missing from its globals. */
    static List<String> backupWarnings(Manifest m, boolean globals) {
        return globals ? m.warnings() : List.of();
    }

    private static int majorOf(String version) {
        try {
            return Integer.parseInt(version.split("[.\\s]")[0]);
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
