package io.pgkeeper.repository;

import java.time.Instant;
import java.util.List;

/**
 * Builds a {@link Manifest} by name instead of by position. The fields every backup has are set
 * one by one; each kind's own fields come together: {@link #logical} (globals and dumped
 * databases) or {@link #physical} (the WAL range and how the base backup is stored, with the
 * fingerprints verify compares). {@link #build} refuses a manifest that mixes the two.
 */
public final class ManifestBuilder {
    private int formatVersion = Manifest.FORMAT_VERSION;
    private final String id;
    private final String cluster;
    private final BackupKind kind;
    private Instant startedAt;
    private Instant finishedAt;
    private String serverVersion;
    private String systemIdentifier;
    private Versions versions;
    private long sizeBytes;
    private List<FileEntry> files = List.of();
    private String globalsMode;
    private String globalsFile;
    private List<DatabaseEntry> databases = List.of();
    private List<List<String>> commands = List.of();
    private PhysicalInfo physical;
    private List<String> warnings = List.of();

    ManifestBuilder(String id, String cluster, BackupKind kind) {
        this.id = id;
        this.cluster = cluster;
        this.kind = kind;
    }

    ManifestBuilder(Manifest m) {
        this(m.id(), m.cluster(), m.kind());
        formatVersion = m.formatVersion();
        startedAt = m.startedAt();
        finishedAt = m.finishedAt();
        serverVersion = m.serverVersion();
        systemIdentifier = m.systemIdentifier();
        versions = m.versions();
        sizeBytes = m.sizeBytes();
        files = m.files();
        globalsMode = m.globalsMode();
        globalsFile = m.globalsFile();
        databases = m.databases();
        commands = m.commands();
        physical = m.physical();
        warnings = m.warnings();
    }

    public ManifestBuilder startedAt(Instant at) {
        startedAt = at;
        return this;
    }

    /** Null in a dry run's plan: nothing finished. */
    public ManifestBuilder finishedAt(Instant at) {
        finishedAt = at;
        return this;
    }

    public ManifestBuilder server(String version, String systemIdentifier) {
        this.serverVersion = version;
        this.systemIdentifier = systemIdentifier;
        return this;
    }

    public ManifestBuilder versions(Versions versions) {
        this.versions = versions;
        return this;
    }

    /** The backup's files; the size becomes their sum. */
    public ManifestBuilder files(List<FileEntry> files) {
        this.files = files;
        this.sizeBytes = files.stream().mapToLong(FileEntry::sizeBytes).sum();
        return this;
    }

    /** The size when it is not the sum of listed files (pgBackRest's own repository holds them). */
    public ManifestBuilder sizeBytes(long sizeBytes) {
        this.sizeBytes = sizeBytes;
        return this;
    }

    public ManifestBuilder commands(List<List<String>> commands) {
        this.commands = commands;
        return this;
    }

    public ManifestBuilder warnings(List<String> warnings) {
        this.warnings = warnings;
        return this;
    }

    /** A logical backup's own part: how globals were dumped (null: not at all, or a plan) and each database. */
    public ManifestBuilder logical(String globalsMode, String globalsFile, List<DatabaseEntry> databases) {
        this.globalsMode = globalsMode;
        this.globalsFile = globalsFile;
        this.databases = databases;
        return this;
    }

    /** A physical backup's own part: recovery's facts (null in a dry run's plan) and the databases' fingerprints. */
    public ManifestBuilder physical(PhysicalInfo info, List<DatabaseEntry> fingerprints) {
        this.physical = info;
        this.databases = fingerprints;
        return this;
    }

    public ManifestBuilder formatVersion(int formatVersion) {
        this.formatVersion = formatVersion;
        return this;
    }

    public Manifest build() {
        if (kind == BackupKind.LOGICAL && physical != null) {
            throw new IllegalStateException("logical backup " + id + " cannot have a physical part");
        }
        if (kind == BackupKind.PHYSICAL && (globalsMode != null || globalsFile != null)) {
            throw new IllegalStateException("physical backup " + id + " cannot have globals");
        }
        return new Manifest(formatVersion, id, cluster, kind, startedAt, finishedAt, serverVersion, systemIdentifier, versions, sizeBytes,
                files, globalsMode, globalsFile, databases, commands, physical, warnings);
    }
}
