package io.pgkeeper.repository;

import java.nio.file.Path;
import java.time.Instant;

/** A backup directory without a manifest: interrupted or failed, never a backup. */
public record Attempt(Path dir, String id, BackupKind kind, Instant lastModified) {}
