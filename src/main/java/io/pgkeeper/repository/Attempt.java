package io.pgkeeper.repository;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A backup directory without a manifest: interrupted or failed, never a backup.
 *
 * @param lastModified the newest modification time inside; the epoch when unreadable, so prune's
 *     grace period never protects it forever
 */
public record Attempt(Path dir, String id, BackupKind kind, Instant lastModified) {}
