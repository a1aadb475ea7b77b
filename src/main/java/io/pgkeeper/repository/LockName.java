package io.pgkeeper.repository;

/**
 * The locks of a cluster, each a file {@code <name>.lock} in its lock directory. Archive push and
 * get take none, so archiving never waits for a backup.
 */
public enum LockName {
    /** Backups, logical restores and prune: one of them at a time per cluster. */
    CLUSTER("cluster"),
    /** A physical restore into a data directory: apart from backups, which it does not disturb. */
    PHYSICAL_RESTORE("physical-restore"),
    /** The record of recent runs' outcomes (status, notifications). */
    RUN_STATE("runs");

    private final String fileStem;

    LockName(String fileStem) {
        this.fileStem = fileStem;
    }

    /** What messages call it, and its file's name without {@code .lock}. */
    public String label() {
        return fileStem;
    }

    String fileName() {
        return fileStem + ".lock";
    }
}
