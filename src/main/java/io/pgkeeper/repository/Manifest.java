package io.pgkeeper.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The record of one completed backup. Its presence, written last and durably, is what makes a
 * directory a backup. {@code files} lists every file of the backup, {@code commands} every argv
 * that ran, with secrets redacted. {@code physical} is set for physical backups only;
 * {@code globalsMode}, {@code globalsFile} for logical ones, whose {@code databases} are the dumps
 * (a physical backup's are the fingerprints verify compares). Built by {@link #builder}; the
 * canonical constructor is what reads manifest.json, of this version and every older one.
 * {@code warnings} says what the backup lacks that an operator would expect, e.g. role passwords.
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
        PhysicalInfo physical,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "manifest.json";

    /** How manifests are made: by name, with each kind's fields together (see {@link ManifestBuilder}). */
    public static ManifestBuilder builder(String id, String cluster, BackupKind kind) {
        return new ManifestBuilder(id, cluster, kind);
    }

    /** A copy to change, e.g. the times of a test's backup. */
    public ManifestBuilder toBuilder() {
        return new ManifestBuilder(this);
    }

    public Manifest {
        files = files == null ? List.of() : List.copyOf(files);
        databases = databases == null ? List.of() : List.copyOf(databases);
        commands = commands == null ? List.of() : commands.stream().map(List::copyOf).toList();
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public java.util.Optional<DatabaseEntry> database(String name) {
        return databases.stream().filter(d -> d.name().equals(name)).findFirst();
    }
}
