package io.pgkeeper.repository;

import java.time.Instant;

/**
 * One line of {@code <repository>/<cluster>/verify.log}: a verify run's outcome for one backup.
 *
 * @param result {@code passed}, {@code failed} (the backup is proven bad) or {@code error} (verify
 *     could not run, which says nothing about the backup)
 */
public record VerifyRecord(String backupId, BackupKind kind, Instant at, boolean ok, String summary, String result) {
    public static final String PASSED = "passed";
    public static final String FAILED = "failed";
    public static final String ERROR = "error";

    public VerifyRecord {
        if (result == null) {
            result = ok ? PASSED : FAILED;
        }
    }

    public VerifyRecord(String backupId, BackupKind kind, Instant at, boolean ok, String summary) {
        this(backupId, kind, at, ok, summary, null);
    }

    /** A run that reached a verdict on the backup, as opposed to one that could not run. */
    public boolean isVerdict() {
        return !ERROR.equals(result);
    }
}
