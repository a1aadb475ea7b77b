package io.pgkeeper.spool;

import io.pgkeeper.policy.ArchivePolicy;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The end of a recovery pgkeeper watched to its promotion: restore_command will not ask for WAL
 * again, so the read-ahead queue of that data directory goes now rather than when its get worker
 * has been idle for {@link GetWorker#IDLE}. With {@code repository.encryption} the queue holds
 * decrypted WAL, which must not outlive the run in the state directory (nor stay behind for good
 * when the worker is killed before it empties the queue).
 */
public final class FinishedRecovery {
    /** A queue directory being removed: a dot name, never a queue key (those start with the host name). */
    static final String DROPPED = ".dropped-";

    private FinishedRecovery() {}

    /** Removes the read-ahead queue that recovering {@code pgdata} on this host used, if any. */
    public static void dropQueue(ArchivePolicy archive, Path repositoryRoot, String cluster, Path pgdata) {
        if (!archive.async()) {
            return;
        }
        Spool spool = new Spool(Spool.dirOf(archive, repositoryRoot, cluster), Optional.empty());
        // Renamed away first, in one step: the worker stops once its queue directory is gone, and a
        // fetch it has in flight then fails its move into a directory that is not there, which it
        // takes for the end of the recovery. Removing the files in place let a fetch lose its
        // temporary file while the directory still stood, which the worker reported as an error.
        GetQueue.of(spool, GetQueue.host(), pgdata.toAbsolutePath()).ifPresent(q -> {
            Path dropped = q.dir().resolveSibling(DROPPED + ProcessHandle.current().pid() + "-" + q.dir().getFileName());
            try {
                Files.move(q.dir(), dropped, StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException gone) {
                // no read-ahead ran for this recovery, or its worker removed the queue when it went idle
            } catch (IOException e) {
                dropped = q.dir(); // removed in place then: the worker's idle exit empties what stays
            }
            for (int attempt = 0; attempt < 3 && Files.exists(dropped); attempt++) {
                removeTree(dropped);
            }
            leftovers(spool.getDir());
        });
    }

    /** What a run killed between the rename and the removal left (decrypted WAL, with encryption). */
    private static void leftovers(Path getDir) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(getDir, DROPPED + "*")) {
            for (Path p : ds) {
                removeTree(p);
            }
        } catch (IOException e) {
            // safe: the next finished recovery tries again; nothing reads a dropped queue
        }
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
