package io.pgkeeper.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The record of one completed backup. Its presence, written last and durably, is what makes a
 * directory a backup. {@code files} lists every file of the backup, {@code commands} every argv
 * that ran, with secrets redacted. {@code physical} is set for physical backups only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
        int formatVersion,
        String id,
        String cluster,
        BackupKind kind,
        Instant startedAt,
        Instant finishedAt,
        String serverVersion,
        String systemIdentifier,
        Versions versions,
        long sizeBytes,
        List<FileEntry> files,
        String globalsMode,
        String globalsFile,
        List<DatabaseEntry> databases,
        List<List<String>> commands,
        PhysicalInfo physical) {

    public static final int FORMAT_VERSION = 1;

    /** A logical backup's manifest: it has no physical part. */
    public Manifest(int formatVersion, String id, String cluster, BackupKind kind, Instant startedAt, Instant finishedAt,
            String serverVersion, String systemIdentifier, Versions versions, long sizeBytes, List<FileEntry> files,
            String globalsMode, String globalsFile, List<DatabaseEntry> databases, List<List<String>> commands) {
        this(formatVersion, id, cluster, kind, startedAt, finishedAt, serverVersion, systemIdentifier, versions, sizeBytes, files,
                globalsMode, globalsFile, databases, commands, null);
    }
    public static final String FILE_NAME = "manifest.json";

    public Manifest {
        files = files == null ? List.of() : List.copyOf(files);
        databases = databases == null ? List.of() : List.copyOf(databases);
        commands = commands == null ? List.of() : commands.stream().map(List::copyOf).toList();
    }

    public java.util.Optional<DatabaseEntry> database(String name) {
        return databases.stream().filter(d -> d.name().equals(name)).findFirst();
    }
}
