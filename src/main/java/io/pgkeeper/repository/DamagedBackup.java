package io.pgkeeper.repository;

import java.nio.file.Path;

/** A backup directory whose manifest exists but cannot be read: not a usable backup, not an attempt either. */
public record DamagedBackup(Path dir, String id, BackupKind kind, String problem) {}
