package io.pgkeeper.spool;

import io.pgkeeper.policy.ArchivePolicy;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The end of a recovery pgkeeper watched to its promotion: restore_command will not ask for WAL
 * again, so the read-ahead queue of that data directory goes now rather than when its get worker
 * has been idle for {@link GetWorker#IDLE}. With {@code repository.encryption} the queue holds
 * decrypted WAL, which must not outlive the run in the state directory (nor stay behind for good
 * when the worker is killed before it empties the queue).
 */
public final class FinishedRecovery {
    private FinishedRecovery() {}

    /** Removes the read-ahead queue that recovering {@code pgdata} on this host used, if any. */
    public static void dropQueue(ArchivePolicy archive, Path repositoryRoot, String cluster, Path pgdata) {
        if (!archive.async()) {
            return;
        }
        Spool spool = new Spool(Spool.dirOf(archive, repositoryRoot, cluster), Optional.empty());
        // the worker stops once its queue directory is gone; an entry it was writing fails its move
        GetQueue.of(spool, GetQueue.host(), pgdata.toAbsolutePath()).ifPresent(q -> {
            for (int attempt = 0; attempt < 3 && Files.exists(q.dir()); attempt++) {
                removeTree(q.dir());
            }
        });
    }

    private static void removeTree(Path dir) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isDirectory(p)) {
                    removeTree(p);
                } else {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // safe: retried by the caller; what stays is emptied by the get worker when it goes idle
        }
    }
}
