package io.pgkeeper.engine.pgbackrest;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.ops.LauncherPath;
import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.policy.RepositoryPolicy;
import io.pgkeeper.process.ProcessRunner;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.process.ToolResult;
import io.pgkeeper.repository.Repository;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs pgbackrest for one cluster: with its config file, its stanza, as the cluster's OS user
 * when pgkeeper is root (pgbackrest refuses root for some commands and must read the data
 * directory), with a timeout, and with its errors turned into pgkeeper's.
 */
public final class PgBackRestTool {
    static final String TOOL = "pgbackrest";
    /** info, stanza-create, check, archive-push/get: quick calls, unlike backup and restore. */
    static final Duration SHORT = Duration.ofMinutes(10);

    private final ClusterPolicy cluster;
    private final ProcessRunner runner;
    private final PgBackRest.Invocation invocation;
    /** What pgbackrest gets added to its environment: the S3 credentials, which never go in argv or its config file. */
    private final Map<String, String> childEnv;
    private final Optional<String> restoreCommand;

    private PgBackRestTool(ClusterPolicy cluster, ProcessRunner runner, PgBackRest.Invocation invocation, Map<String, String> childEnv,
            Optional<String> restoreCommand) {
        this.cluster = cluster;
        this.runner = runner;
        this.invocation = invocation;
        this.childEnv = Map.copyOf(childEnv);
        this.restoreCommand = restoreCommand;
    }

    public static PgBackRestTool open(RunContext ctx) {
        RepositoryPolicy repo = ctx.policy().repository();
        PgBackRestTool t = open(ctx.cluster(), repo, ctx.repository(), ctx.runner(), ctx.env(), ctx.os(),
                Optional.of(ctx.policy().source().toString()));
        Optional<String> get = repo.s3().map(b -> new PgBackRestEngine().commandLines(LauncherPath.of(ctx.cluster(), ctx.env()),
                ctx.policy().source(), ctx.cluster(), repo.path()).restoreCommand());
        return new PgBackRestTool(t.cluster, t.runner, t.invocation, t.childEnv, get);
    }

    public static PgBackRestTool open(ClusterPolicy cluster, RepositoryPolicy repoPolicy, Repository repository, ProcessRunner runner,
            Map<String, String> env, io.pgkeeper.util.OsIdentity os, Optional<String> source) {
        Path config = PgBackRestConfig.prepare(cluster, repoPolicy, repository, os, source);
        repoPolicy.s3().ifPresent(b -> PgBackRestCredentials.requireNoOverride(env));
        Map<String, String> credentials = repoPolicy.s3().map(b -> PgBackRestCredentials.environment(b, env)).orElse(Map.of());
        return new PgBackRestTool(cluster, runner, new PgBackRest.Invocation(binary(env), config, PgBackRestConfig.policy(cluster).stanza()),
                credentials, Optional.empty());
    }

    /**
     * With a bucket, the restore_command a restored copy gets instead of pgbackrest's own
     * {@code pgbackrest archive-get}: the server that runs it has no S3 credentials of its own,
     * and pgkeeper's {@code archive get} hands them to pgbackrest as every call here does.
     */
    Optional<String> restoreCommand() {
        return restoreCommand;
    }

    public PgBackRest.Invocation invocation() {
        return invocation;
    }

    public String stanza() {
        return invocation.stanza();
    }

    public ClusterPolicy cluster() {
        return cluster;
    }

    /** Runs the call; a non-zero exit is returned, not thrown. */
    public ToolResult run(List<String> argv, Duration timeout, boolean capture) {
        return runner.run(call(argv, timeout).withStdout(capture ? ToolCall.Stdout.capture() : ToolCall.Stdout.discard()));
    }

    /** As {@link #run} with stdout captured, for real also in a dry run: a call that only reads. */
    ToolResult read(List<String> argv, Duration timeout) {
        return runner.forReads().run(call(argv, timeout).withStdout(ToolCall.Stdout.capture()));
    }

    /** One pgbackrest call: as the cluster's OS user, with the credentials in its environment. */
    ToolCall call(List<String> argv, Duration timeout) {
        return ToolCall.of(TOOL, argv, childEnv, timeout).runningAs(Optional.of(cluster.osUser()));
    }

    /** Runs the call and fails with pgBackRest's error code, message and a hint when it fails. */
    public ToolResult runOrThrow(String what, List<String> argv, Duration timeout, boolean capture) {
        ToolResult r = run(argv, timeout, capture);
        if (!r.ok()) {
            throw PgBackRestError.toException(what, r, stanza());
        }
        return r;
    }

    /** Runs for real also in a dry run: it only reads, and a dry run must choose the backup it would use. */
    public PgBackRestInfo info() {
        ToolResult r = read(PgBackRest.info(invocation), SHORT);
        if (!r.ok()) {
            throw PgBackRestError.toException("pgbackrest info of stanza " + stanza() + " failed", r, stanza());
        }
        return PgBackRestInfo.parse(r.stdout(), stanza());
    }

    public boolean executes() {
        return runner.executes();
    }

    /** pgbackrest on PATH, else where Debian installs it. */
    static Path binary(Map<String, String> env) {
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, TOOL);
            if (Files.isExecutable(p)) {
                return p.toAbsolutePath();
            }
        }
        Path debian = Path.of("/usr/bin", TOOL);
        if (Files.isExecutable(debian)) {
            return debian;
        }
        throw PgKeeperException.usage("clusters.<name>.physical.engine is pgbackrest but the pgbackrest binary is not installed"
                + " (not on PATH, not in /usr/bin)", "install it (apt-get install pgbackrest) or set physical.engine: pg_basebackup");
    }
}
