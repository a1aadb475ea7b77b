package io.pgkeeper.archive;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.repository.storage.PendingObject;
import io.pgkeeper.repository.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

/**
 * The archive's identity, {@code <cluster>/archive-identity.json}: which cluster's WAL it holds.
 * Written once, by the first push or base backup, and never replaced.
 */
final class ArchiveIdentityStore {
    private final Storage storage;
    private final String clusterKey;
    private final String key;

    ArchiveIdentityStore(Storage storage, String clusterKey, String key) {
        this.storage = storage;
        this.clusterKey = clusterKey;
        this.key = key;
    }

    Optional<ArchiveIdentity> read() {
        if (!storage.exists(clusterKey)) {
            return Optional.empty();
        }
        try (InputStream in = storage.open(key)) {
            return Optional.of(ArchiveIdentity.parse(in.readAllBytes()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot read " + storage.describe(key) + ": " + e.getMessage(),
                    "restore it from the system identifier of the cluster", e);
        }
    }

    /**
     * Records the identity once. Two first pushes may race (parallel archiving, or two clusters
     * wrongly sharing an archive): a write that never replaces lets exactly one identity win, and
     * the loser compares against it.
     */
    void record(ArchiveIdentity identity, String walDir) {
        Optional<ArchiveIdentity> current = read();
        if (current.isEmpty()) {
            try (PendingObject tmp = storage.create(clusterKey, ArchiveIdentity.FILE_NAME)) {
                tmp.stream().write(identity.toJson());
                if (tmp.commit(key, false)) {
                    return;
                }
                current = read();
            } catch (IOException e) {
                throw storage.failure("recording the archive identity in " + storage.describe(clusterKey), e, WalPush.DISK_FULL_HINT);
            }
        }
        if (current.isPresent() && !current.get().systemIdentifier().equals(identity.systemIdentifier())) {
            throw PgKeeperException.failed("the archive " + walDir + " belongs to system identifier " + current.get().systemIdentifier()
                    + ", not " + identity.systemIdentifier(), "each cluster needs its own repository entry");
        }
    }
}
