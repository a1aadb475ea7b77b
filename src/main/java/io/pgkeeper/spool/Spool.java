package io.pgkeeper.spool;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.policy.ArchivePolicy;
import io.pgkeeper.util.SecureFiles;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The spool of one cluster: where asynchronous archiving keeps its state on this host.
 *
 * <pre>
 * &lt;spool&gt;/binding              what the launcher's shell check needs (policy and environment hashes, paths)
 * &lt;spool&gt;/push/&lt;wal&gt;.ok        acknowledgement: the segment is durable in the repository
 * &lt;spool&gt;/push/&lt;wal&gt;.error     error record: the last push of the segment failed, and why
 * &lt;spool&gt;/push/worker.lock, worker.pid, worker.log, state.json   the push worker
 * &lt;spool&gt;/get/&lt;key&gt;/            one read-ahead queue per recovering data directory
 * </pre>
 *
 * The directories are 0700 and belong to the server's OS user, who runs archive_command: what
 * root creates here is given to that user, as in the repository (docs/operations.md).
 */
public final class Spool {
    static final String PUSH = "push";
    static final String GET = "get";
    private static final String OK = ".ok";
    private static final String ERROR = ".error";

    private final Path dir;
    private final Optional<String> owner;

    public Spool(Path dir, Optional<String> owner) {
        this.dir = dir.toAbsolutePath().normalize();
        this.owner = owner;
    }

    /** The spool the policy names for a cluster, or {@code <repository>/<cluster>/spool}. */
    public static Path dirOf(ArchivePolicy archive, Path repositoryRoot, String cluster) {
        return archive.spoolDir().orElseGet(() -> repositoryRoot.resolve(cluster).resolve("spool")).toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    /**
     * What archive_command ({@code push}) or restore_command ({@code get}) adds for this cluster:
     * {@code --spool DIR} when the call goes through the spool, which lets the launcher answer
     * without starting Java; nothing otherwise.
     */
    public static java.util.List<String> commandLineArgs(String command, io.pgkeeper.policy.ClusterPolicy cluster, Path repositoryRoot) {
        ArchivePolicy a = cluster.archive();
        boolean through = command.equals("push") ? a.async() : a.readAhead();
        return through ? java.util.List.of("--spool", dirOf(a, repositoryRoot, cluster.name()).toString()) : java.util.List.of();
    }

    public Optional<String> owner() {
        return owner;
    }

    public Path pushDir() {
        return dir.resolve(PUSH);
    }

    public Path getDir() {
        return dir.resolve(GET);
    }

    public Path binding() {
        return dir.resolve("binding");
    }

    public Path ack(String wal) {
        return pushDir().resolve(wal + OK);
    }

    public Path error(String wal) {
        return pushDir().resolve(wal + ERROR);
    }

    /** The WAL name an acknowledgement or error file is for, or empty for any other file. */
    static Optional<String> walOf(Path file, boolean ack) {
        String n = file.getFileName().toString();
        String suffix = ack ? OK : ERROR;
        if (!n.endsWith(suffix)) {
            return Optional.empty();
        }
        String wal = n.substring(0, n.length() - suffix.length());
        return io.pgkeeper.archive.WalNames.type(wal).isPresent() ? Optional.of(wal) : Optional.empty();
    }

    public Path pushWorker(String file) {
        return pushDir().resolve(file);
    }

    /** Creates the spool's directories (owned by the server's OS user), or says which one cannot be made. */
    public Spool ensure(SecureFiles files) {
        try {
            files.mkdirs(pushDir(), owner);
            files.mkdirs(getDir(), owner);
            return this;
        } catch (UncheckedIOException e) {
            throw PgKeeperException.failed("cannot create the archive spool " + dir + ": " + e.getCause().getMessage(),
                    "the server's OS user" + owner.map(u -> " (" + u + ")").orElse("") + " must be able to create and write"
                            + " archive.spoolDir; create it owned by that user, mode 0700");
        }
    }
}
