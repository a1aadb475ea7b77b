package io.pgkeeper.core;

import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.policy.Policy;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.PgBinaries;
import io.pgkeeper.process.ProcessRunner;
import io.pgkeeper.repository.Repository;
import java.time.Clock;
import java.util.Map;

/**
 * Everything a service needs for one run on one cluster, built once by the CLI. Services take
 * it instead of reaching for globals, which keeps them testable with another clock or runner.
 */
public record RunContext(
        Policy policy,
        ClusterPolicy cluster,
        Repository repository,
        ProcessRunner runner,
        PgBinaries binaries,
        Map<String, String> env,
        Clock clock,
        Progress progress) {

    public RunContext {
        env = Map.copyOf(env);
    }

    public RunContext(Policy policy, ClusterPolicy cluster, Repository repository, ProcessRunner runner, PgBinaries binaries,
            Map<String, String> env, Clock clock) {
        this(policy, cluster, repository, runner, binaries, env, clock, Progress.NONE);
    }

    public boolean dryRun() {
        return !runner.executes();
    }

    /** Resolves the cluster's connection; the caller closes it (it may own a temporary passfile). */
    public PgAccess access() {
        return PgAccess.resolve(cluster.connection(), env, cluster.timeouts().connect());
    }
}
