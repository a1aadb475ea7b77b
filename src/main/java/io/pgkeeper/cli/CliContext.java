package io.pgkeeper.cli;

import io.pgkeeper.core.Progress;
import io.pgkeeper.core.RunContext;
import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.policy.Policy;
import io.pgkeeper.policy.PolicyLoader;
import io.pgkeeper.policy.PolicyLocator;
import io.pgkeeper.postgres.PgBinaries;
import io.pgkeeper.process.DryRunProcessRunner;
import io.pgkeeper.process.ProcessRunner;
import io.pgkeeper.process.SystemProcessRunner;
import io.pgkeeper.repository.Repository;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;

/** Turns the global options into a {@link RunContext}: policy loaded and validated once. */
final class CliContext {
    private CliContext() {}

    static Path policyFile(GlobalOptions g, Map<String, String> env) {
        return PolicyLocator.locate(g.policy(), env, Path.of(""));
    }

    static Policy policy(GlobalOptions g, Map<String, String> env) {
        return new PolicyLoader().load(policyFile(g, env), env);
    }

    static RunContext open(CommandLine.Model.CommandSpec spec) {
        GlobalOptions g = GlobalOptions.of(spec);
        Map<String, String> env = System.getenv();
        Policy policy = policy(g, env);
        ClusterPolicy cluster = policy.cluster(g.cluster());
        ProcessRunner real = new SystemProcessRunner();
        ProcessRunner runner = g.dryRun() ? new DryRunProcessRunner(spec.commandLine().getOut()) : real;
        boolean terminal = System.console() != null && !g.quiet() && !g.json();
        java.io.PrintWriter err = spec.commandLine().getErr();
        Progress progress = terminal ? line -> {
            err.println("progress: " + line);
            err.flush();
        } : Progress.NONE;
        return new RunContext(policy, cluster, Repository.posix(policy.repository().path(), java.util.Optional.of(cluster.osUser()),
                        io.pgkeeper.util.OsIdentity.current(), Clock.systemUTC()), runner, new PgBinaries(real, env), env,
                Clock.systemUTC(), progress);
    }
}
