package io.pgkeeper.core;

import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.policy.Policy;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.PgBinaries;
import io.pgkeeper.process.ProcessRunner;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.util.OsIdentity;
import java.time.Clock;
import java.util.Map;

/**
 * Everything a service needs for one run on one cluster, built once by the CLI's composition
 * root (cli/CliContext). Services take it instead of reaching for globals: the process
 * environment, who the process runs as and the clock come from here, never from
 * {@code System.getenv()}, {@code OsIdentity.current()} or {@code Instant.now()}, which keeps them testable
 * with another clock, runner or identity.
 *
 * @param runner the runner of every external tool; in a dry run one that prints the calls, whose
 *     {@link ProcessRunner#forReads()} still runs the calls that only read
 * @param os who this process runs as: as root, tools that refuse root run as the cluster's osUser
 * @param mainClass the class whose main runs pgkeeper's commands (the CLI's), for a service that
 *     starts one of pgkeeper's own background workers; handed down so that no layer below names the CLI
 */
public record RunContext(
        Policy policy,
        ClusterPolicy cluster,
        Repository repository,
        ProcessRunner runner,
        PgBinaries binaries,
        Map<String, String> env,
        Clock clock,
        Progress progress,
        OsIdentity os,
        String mainClass) {

    public RunContext {
        env = Map.copyOf(env);
    }

    public boolean dryRun() {
        return !runner.executes();
    }

    /** Resolves the cluster's connection; the caller closes it (it may own a temporary passfile). */
    public PgAccess access() {
        return PgAccess.resolve(cluster.connection(), env, os, cluster.timeouts().connect());
    }
}
