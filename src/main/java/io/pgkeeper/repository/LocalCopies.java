package io.pgkeeper.repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backups one run reads with tools that read files (pg_restore, tar, pg_verifybackup), as
 * local trees ({@link io.pgkeeper.repository.storage.Storage#local}): in place on POSIX, a copy
 * under the state directory for an S3 repository. Closing it removes every copy it made.
 *
 * <pre>{@code
 * try (LocalCopies copies = new LocalCopies(repository)) {
 *     Backup local = copies.of(backup);   // local.dir() holds the files; the manifest is the same
 *     ...
 * }
 * }</pre>
 */
public final class LocalCopies implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalCopies.class);
    private final Repository repository;
    private final List<LocalBackup> trees = new ArrayList<>();

    public LocalCopies(Repository repository) {
        this.repository = repository;
    }

    /**
     * The backup with its files on local disk ({@link Repository#local}: decrypted and checked when
     * the repository is encrypted); a download that fails says what and why.
     */
    public Backup of(Backup backup) {
        return of(backup, path -> true);
    }

    /** {@link #of(Backup)} with only the files whose path {@code wanted} accepts (a restore of one database). */
    public Backup of(Backup backup, java.util.function.Predicate<String> wanted) {
        LocalBackup local = repository.local(backup, wanted);
        trees.add(local);
        if (!local.backup().dir().equals(backup.dir())) {
            log.info("backup {}: {} of its {} file(s) copied to {}", backup.id(), copied(local.backup().dir()), local.backup().manifest().files().size(),
                    local.backup().dir());
        }
        return local.backup();
    }

    private static long copied(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !p.getFileName().toString().equals(Manifest.FILE_NAME))
                    .count();
        } catch (IOException e) {
            return -1; // only a count for the log line: the files themselves are checked by their reader
        }
    }

    /** Whether the stored backup still has its manifest (prune may remove it while a copy is read). */
    public boolean stillStored(Backup backup) {
        try {
            return repository.storage().stat(RepositoryLayout.manifest(repository.key(backup.dir()))).isPresent();
        } catch (IOException e) {
            return false; // cannot be seen: not proven there
        }
    }

    @Override
    public void close() {
        for (LocalBackup t : trees) {
            t.close();
        }
        trees.clear();
    }
}
