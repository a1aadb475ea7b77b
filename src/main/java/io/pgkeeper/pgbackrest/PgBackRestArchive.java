package io.pgkeeper.pgbackrest;

import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.policy.PhysicalEngine;
import io.pgkeeper.postgres.PgBackRest;
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
public final class PgBackRestArchive {
    /** pgbackrest archive-get's status when the file is not in the repository; it prints no ERROR line then. */
    static final int NOT_FOUND = 1;

    private final PgBackRestTool tool;

    private PgBackRestArchive(PgBackRestTool tool) {
        this.tool = tool;
    }

    public static boolean applies(ClusterPolicy cluster) {
        return cluster.physical().engine() == PhysicalEngine.PGBACKREST;
    }

    public static PgBackRestArchive open(ClusterPolicy cluster, Repository repository, ProcessRunner runner, Map<String, String> env,
            io.pgkeeper.util.OsIdentity os, Optional<String> source) {
        return new PgBackRestArchive(PgBackRestTool.open(cluster, repository, runner, env, os, source));
    }

    /** Returns once pgbackrest has the file; its errors (with their code and a hint) are thrown, exit 1..125. */
    public void push(Path wal) {
        tool.runOrThrow("pgbackrest archive-push of " + wal + " failed", PgBackRest.archivePush(tool.invocation(), wal.toString()),
                PgBackRestTool.SHORT, false);
    }

    /** @return false when the repository does not have the file; any other failure is thrown */
    public boolean get(String name, Path dest) {
        ToolResult r = tool.run(PgBackRest.archiveGet(tool.invocation(), name, dest.toString()), PgBackRestTool.SHORT, false);
        if (r.ok()) {
            return true;
        }
        if (r.exitCode() == NOT_FOUND && !r.timedOut() && PgBackRestError.parse(r.stderrTail()).isEmpty()) {
            return false;
        }
        throw PgBackRestError.toException("pgbackrest archive-get of " + name + " failed", r, tool.stanza());
    }

    /** The archive_command and restore_command lines for postgresql.conf, whatever the engine. */
    public static CommandLines commandLines(String launcher, Path policy, ClusterPolicy cluster, Path repositoryRoot) {
        java.util.function.Function<String, String> line = sub -> io.pgkeeper.process.ShellQuote.join(java.util.stream.Stream.concat(
                java.util.stream.Stream.of(launcher, "archive", sub, "--policy", policy.toAbsolutePath().toString(), "--cluster", cluster.name()),
                io.pgkeeper.spool.Spool.commandLineArgs(sub, cluster, repositoryRoot).stream()).toList());
        // pgBackRest's backup refuses an archive_command without its name in it ([068]); the flag is also a guard.
        String engine = applies(cluster) ? " --engine pgbackrest" : "";
        return new CommandLines(line.apply("push") + engine + " %p", line.apply("get") + " %f %p");
    }

    /** archive push --engine: the archive_command names the engine it was set up for; a policy naming another is refused. */
    public static void requireEngine(ClusterPolicy cluster, String expected) {
        if (expected == null) {
            return;
        }
        String actual = cluster.physical().engine().name().toLowerCase(java.util.Locale.ROOT);
        if (!actual.equals(expected)) {
            throw io.pgkeeper.error.PgKeeperException.usage("archive_command says --engine " + expected + " but clusters." + cluster.name()
                    + ".physical.engine is " + actual + "; nothing was archived (PostgreSQL keeps the file and retries)",
                    "set archive_command to the line 'pgkeeper archive command-line' prints, and reload the server");
        }
    }

    /** What to put in postgresql.conf. */
    public record CommandLines(String archiveCommand, String restoreCommand) {
        public static String quoted(String value) {
            return "'" + value.replace("'", "''") + "'";
        }
    }

}
