package io.pgkeeper.engine.pgbackrest;

import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.policy.RepositoryPolicy;
import io.pgkeeper.process.ProcessRunner;
import io.pgkeeper.process.ToolResult;
import io.pgkeeper.repository.Repository;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code archive push|get} with engine pgbackrest: PostgreSQL's archive_command and
 * restore_command delegate to pgbackrest archive-push and archive-get. The exit contract stays
 * pgkeeper's: get answers "not archived" (pgbackrest's exit 1 with no error) apart from every
 * other failure, which must stop recovery.
 */
final class PgBackRestArchive {
    /** pgbackrest archive-get's status when the file is not in the repository; it prints no ERROR line then. */
    static final int NOT_FOUND = 1;

    private final PgBackRestTool tool;

    private PgBackRestArchive(PgBackRestTool tool) {
        this.tool = tool;
    }

    static PgBackRestArchive open(ClusterPolicy cluster, RepositoryPolicy repoPolicy, Repository repository, ProcessRunner runner,
            Map<String, String> env, io.pgkeeper.util.OsIdentity os, Optional<String> source) {
        return new PgBackRestArchive(PgBackRestTool.open(cluster, repoPolicy, repository, runner, env, os, source));
    }

    /*
     * Both paths go to pgbackrest absolute (PostgreSQL passes %p relative to the data directory, the
     * call's working directory): given a relative one, pgbackrest insists that the working directory
     * is its pg1-path, the source's data directory, which a restored copy or verify's sandbox is not.
     */

    /** Returns once pgbackrest has the file; its errors (with their code and a hint) are thrown, exit 1..125. */
    void push(Path wal) {
        tool.runOrThrow("pgbackrest archive-push of " + wal + " failed", PgBackRest.archivePush(tool.invocation(), wal.toAbsolutePath().toString()),
                PgBackRestTool.SHORT, false);
    }

    /** @return false when the repository does not have the file; any other failure is thrown */
    boolean get(String name, Path dest) {
        ToolResult r = tool.run(PgBackRest.archiveGet(tool.invocation(), name, dest.toAbsolutePath().toString()), PgBackRestTool.SHORT, false);
        if (r.ok()) {
            return true;
        }
        if (r.exitCode() == NOT_FOUND && !r.timedOut() && PgBackRestError.parse(r.stderrTail()).isEmpty()) {
            return false;
        }
        throw PgBackRestError.toException("pgbackrest archive-get of " + name + " failed", r, tool.stanza());
    }
}
