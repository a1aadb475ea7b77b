package io.pgkeeper.repository;

/**
 * Where each thing lives in the repository, as storage keys (docs: "Repository layout"):
 * {@code <cluster>/logical|physical/<backup-id>/manifest.json}, {@code <cluster>/wal/},
 * {@code <cluster>/archive-identity.json}, {@code <cluster>/verify.log}.
 */
public final class RepositoryLayout {
    public static final String WAL = "wal";
    public static final String IDENTITY = "archive-identity.json";
    public static final String VERIFY_LOG = "verify.log";
    /**
     * On an object store, which cannot rename, the object prune writes in a backup before it
     * deletes the manifest: a crash after that leaves a leftover the next prune finishes at once,
     * as a POSIX {@code <id>.deleting} directory is.
     */
    public static final String DELETING_MARK = ".deleting";

    private RepositoryLayout() {}

    public static String cluster(String cluster) {
        return cluster;
    }

    public static String kind(String cluster, BackupKind kind) {
        return cluster + "/" + kind.dirName();
    }

    public static String backup(String cluster, BackupKind kind, String id) {
        return kind(cluster, kind) + "/" + id;
    }

    public static String manifest(String backupKey) {
        return backupKey + "/" + Manifest.FILE_NAME;
    }

    public static String wal(String cluster) {
        return cluster + "/" + WAL;
    }

    public static String identity(String cluster) {
        return cluster + "/" + IDENTITY;
    }

    public static String verifyLog(String cluster) {
        return cluster + "/" + VERIFY_LOG;
    }
}
