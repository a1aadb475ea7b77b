package io.pgkeeper.repository;

import io.pgkeeper.error.PgKeeperException;
import java.util.Optional;

/**
 * Why a backup id names no usable backup of the kind asked for. A backup of the other kind is
 * said to be one, with the command that takes it: calling it "unfinished" alarmed for nothing.
 */
final class BackupLookup {
    private BackupLookup() {}

    static PgKeeperException notFound(BackupCatalog catalog, Repository repo, String cluster, String id, Optional<BackupKind> wanted) {
        for (BackupKind other : BackupKind.values()) {
            if (wanted.isPresent() && wanted.get() != other && catalog.hasManifest(RepositoryLayout.backup(cluster, other, id))) {
                return PgKeeperException.usage("backup " + id + " of cluster " + cluster + " is a " + other.dirName() + " backup, not a "
                        + wanted.get().dirName() + " one", "for a " + other.dirName() + " backup run: " + commands(other, id));
            }
        }
        for (BackupKind k : BackupKind.values()) {
            if ((wanted.isEmpty() || wanted.get() == k) && catalog.isBackupDir(RepositoryLayout.backup(cluster, k, id))) {
                return PgKeeperException.usage("backup " + id + " of cluster " + cluster
                                + " is unfinished (no manifest): it was interrupted or failed and cannot be used",
                        "choose a completed backup from 'pgkeeper list'");
            }
        }
        return PgKeeperException.usage("no backup " + id + " for cluster " + cluster + " in " + repo.root(),
                "run 'pgkeeper list' to see the backup ids");
    }

    private static String commands(BackupKind kind, String id) {
        return kind == BackupKind.PHYSICAL
                ? "pgkeeper restore --backup " + id + " --pgdata DIR, or pgkeeper verify --backup " + id + " --kind physical"
                : "pgkeeper restore --backup " + id + " --database DB [--into NAME], or pgkeeper verify --backup " + id + " --kind logical";
    }
}
