package io.pgkeeper.repository;

import java.time.Instant;

/** One line of {@code <repository>/<cluster>/verify.log}: a verify run's outcome for one backup. */
public record VerifyRecord(String backupId, BackupKind kind, Instant at, boolean ok, String summary) {}
