package io.pgkeeper.restore;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.process.ProcessRunner;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.postgres.TablespaceMap;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.FileEntry;
import io.pgkeeper.repository.TablespaceEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The files of a pg_basebackup tar backup and how they are laid out again: base.tar into the
 * data directory, pg_wal.tar into pg_wal, each {@code <oid>.tar} into its tablespace's directory,
 * then pg_tblspc links and tablespace_map that agree with where they went. Restore and verify
 * both lay a backup out through here.
 */
public final class BaseBackupFiles {
    public static final String PG_CONTROL = "global/pg_control";

    private final ProcessRunner runner;
    private final Duration timeout;

    public BaseBackupFiles(ProcessRunner runner, Duration timeout) {
        this.runner = runner;
        this.timeout = timeout;
    }

    /**
     * The backup's tablespaces: as its manifest records them, or, for a backup taken before
     * manifests did, as the tablespace_map inside base.tar says (a read, nothing is written).
     */
    public List<TablespaceEntry> tablespaces(Backup backup) {
        var info = backup.manifest().physical();
        if (info != null && info.tablespaces() != null) {
            return info.tablespaces();
        }
        boolean any = backup.manifest().files().stream().anyMatch(f -> f.path().matches("\\d+\\.tar.*"));
        if (!any) {
            return List.of();
        }
        return TablespaceMap.readFromTar(runner, tarNamed(backup, "base.tar"), timeout);
    }

    /** base.tar (without pg_control and signal files), pg_wal.tar, each tablespace, and pg_control alone, last. */
    public List<ToolCall> extractCalls(Backup backup, Path pgdata, List<TablespacePlan.Placement> tablespaces) {
        Path base = tarNamed(backup, "base.tar");
        List<ToolCall> calls = new ArrayList<>();
        // standby.signal and recovery.signal are decided by the restore, not inherited from the source
        calls.add(tar(List.of("--file=" + base, "--directory=" + pgdata, "--exclude=" + PG_CONTROL, "--exclude=standby.signal",
                "--exclude=recovery.signal")));
        calls.add(tar(List.of("--file=" + tarNamed(backup, "pg_wal.tar"), "--directory=" + pgdata.resolve("pg_wal"))));
        for (TablespacePlan.Placement t : tablespaces) {
            calls.add(tar(List.of("--file=" + tarNamed(backup, t.oid() + ".tar"), "--directory=" + t.to())));
        }
        calls.add(tar(List.of("--file=" + base, "--directory=" + pgdata, PG_CONTROL)));
        return calls;
    }

    /** pg_tblspc/&lt;oid&gt; links to where each tablespace went; PostgreSQL remakes them from tablespace_map, so it says the same. */
    public static void linkTablespaces(Path pgdata, List<TablespacePlan.Placement> tablespaces) throws IOException {
        link(pgdata, tablespaces);
        writeMap(pgdata, tablespaces);
    }

    /** Only the links: pg_verifybackup reads the tablespaces through them and checks tablespace_map as the backup wrote it. */
    public static void link(Path pgdata, List<TablespacePlan.Placement> tablespaces) throws IOException {
        Path dir = pgdata.resolve("pg_tblspc");
        Files.createDirectories(dir);
        for (TablespacePlan.Placement t : tablespaces) {
            Path link = dir.resolve(t.oid());
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, t.to());
        }
    }

    /** tablespace_map naming where each tablespace is now. */
    public static void writeMap(Path pgdata, List<TablespacePlan.Placement> tablespaces) throws IOException {
        Path map = pgdata.resolve(TablespaceMap.FILE);
        if (!tablespaces.isEmpty() || Files.exists(map)) {
            Map<String, Path> where = new java.util.LinkedHashMap<>();
            tablespaces.forEach(t -> where.put(t.oid(), t.to()));
            Files.writeString(map, TablespaceMap.format(where), StandardCharsets.UTF_8);
        }
    }

    public static Path tarNamed(Backup backup, String stem) {
        for (FileEntry f : backup.manifest().files()) {
            if (isTar(f.path(), stem)) {
                return backup.dir().resolve(f.path());
            }
        }
        throw PgKeeperException.failed("backup " + backup.id() + " has no " + stem + "; nothing was restored", "restore from another backup");
    }

    /** "base.tar", or compressed by pg_basebackup: "base.tar.gz", ".lz4", ".zst". */
    public static boolean isTar(String name, String stem) {
        return name.equals(stem) || name.startsWith(stem + ".");
    }

    private ToolCall tar(List<String> args) {
        List<String> a = new ArrayList<>(List.of("/bin/tar", "--extract", "--no-same-owner"));
        a.addAll(args);
        return ToolCall.of("tar", a, Map.of(), timeout);
    }
}
