package io.pgkeeper.cli;

import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.core.Progress;
import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.ops.AfterRun;
import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.policy.Policy;
import io.pgkeeper.policy.PolicyLoader;
import io.pgkeeper.policy.PolicyLocator;
import io.pgkeeper.postgres.PgBinaries;
import io.pgkeeper.process.DryRunProcessRunner;
import io.pgkeeper.process.ProcessRunner;
import io.pgkeeper.process.SystemProcessRunner;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.engine.ArchiveSite;
import io.pgkeeper.spool.Archiving;
import io.pgkeeper.util.OsIdentity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The composition root of one command line. The only place that reads the process's environment,
 * who it runs as and the clock ({@link Host}), creates the process runner, and loads the policy:
 * each once, whatever asks for it (the command, the follow-up of {@link RunHooks}, the archive
 * fast path). Commands get what they need from here, a {@link RunContext} for the services above
 * all, and build no runner, repository or policy of their own.
 */
final class CliContext {
    private final Host host;
    private final GlobalOptions globals;
    private final PrintWriter out;
    private final PrintWriter err;
    private Path policyFile;
    private Policy policy;
    /** A failed load is remembered and thrown again: the policy is read once, also when it is invalid. */
    private RuntimeException policyFailure;
    private Repository repository;
    private RunContext run;

    CliContext(Host host, GlobalOptions globals, PrintWriter out, PrintWriter err) {
        this.host = host;
        this.globals = globals;
        this.out = out;
        this.err = err;
    }

    /** The context of the command line {@code spec} belongs to, held by its root command. */
    static CliContext of(picocli.CommandLine.Model.CommandSpec spec) {
        return ((PgKeeperCommand) spec.root().userObject()).context();
    }

    /** The services' context for the cluster this command line names. */
    static RunContext open(picocli.CommandLine.Model.CommandSpec spec) {
        return of(spec).run();
    }

    GlobalOptions globals() {
        return globals;
    }

    Map<String, String> env() {
        return host.env;
    }

    Clock clock() {
        return host.clock;
    }

    OsIdentity os() {
        return host.os();
    }

    Path policyFile() {
        if (policyFile == null) {
            policyFile = PolicyLocator.locate(globals.policy(), host.env, Path.of(""));
        }
        return policyFile;
    }

    Policy policy() {
        if (policy == null && policyFailure == null) {
            try {
                policy = new PolicyLoader().load(policyFile(), host.env);
            } catch (RuntimeException e) {
                policyFailure = e;
            }
        }
        if (policyFailure != null) {
            throw policyFailure;
        }
        return policy;
    }

    /** The policy when it can be had, for the follow-up of a run that failed: never a second load. */
    Optional<Policy> validPolicy() {
        try {
            return Optional.of(policy());
        } catch (RuntimeException e) {
            // the run's own error already says why (or will: the command met the same failure)
            return Optional.empty();
        }
    }

    /** {@code policy validate}: every problem of the file, rather than the first failure. */
    List<String> policyProblems() {
        return new PolicyLoader().problems(policyFile(), host.env);
    }

    ClusterPolicy cluster() {
        return policy().cluster(globals.cluster());
    }

    /** The cluster's name when the policy loads and names it; empty otherwise (the run's error says why). */
    Optional<String> clusterName() {
        try {
            return validPolicy().map(p -> p.cluster(globals.cluster()).name());
        } catch (RuntimeException e) {
            // an unknown or ambiguous --cluster: the command itself reports it
            return Optional.empty();
        }
    }

    Repository repository() {
        if (repository == null) {
            repository = Repositories.open(policy().repository(), Optional.of(cluster().osUser()), host.os(), host.clock, host.env);
        }
        return repository;
    }

    /** Progress lines on stderr, only for a person at a terminal. */
    boolean terminal() {
        return host.console() && !globals.quiet() && !globals.json();
    }

    RunContext run() {
        if (run == null) {
            ProcessRunner real = host.runner();
            ProcessRunner runner = globals.dryRun() ? new DryRunProcessRunner(out, real) : real;
            Progress progress = terminal() ? line -> {
                err.println("progress: " + line);
                err.flush();
            } : Progress.NONE;
            run = new RunContext(policy(), cluster(), repository(), runner, new PgBinaries(real, host.env), host.env, host.clock, progress,
                    host.os(), Main.class.getName());
        }
        return run;
    }

    /**
     * The archive for {@code archive push|get}. They are PostgreSQL's archive_command and
     * restore_command, which a dry run would answer falsely: exit 0 says "done" to the server.
     */
    ArchiveTarget archive(String command, Optional<Path> spool) {
        if (globals.dryRun()) {
            throw PgKeeperException.usage("--dry-run does not apply to archive " + command
                    + ": exiting 0 without doing the work would tell PostgreSQL it was done", "leave out --dry-run");
        }
        WalArchive wal = WalArchive.of(repository(), cluster().name());
        // cwd: restore_command runs in the data directory it recovers, which read-ahead names
        Archiving archiving = new Archiving(policy(), cluster(), repository(), wal, host.env, host.clock, host.os(),
                Path.of("").toAbsolutePath(), Main.class.getName());
        return new ArchiveTarget(cluster(), Engines.of(cluster()), new ArchiveSite(cluster(), repository(), wal, archiving, spool,
                host::runner, host.env, host.os(), Optional.of(policy().source().toString())));
    }

    /** The one runner of real processes, for what runs outside a {@link RunContext} (the archive worker's notices). */
    ProcessRunner runner() {
        return host.runner();
    }

    /** What follows a command that did work: its outcome remembered, metrics, notifications, through the one runner. */
    AfterRun afterRun(Policy p) {
        return new AfterRun(p, Repositories.afterRun(p.repository(), Optional.ofNullable(repository), host.os(), host.clock, host.env),
                host.runner());
    }

    /**
     * What the process is given: its environment, who it runs as, the clock and whether a person
     * is at a terminal, read once by {@link #system()} (Main, or a command line built for a test),
     * and the one runner of real processes, created when a process is first run: the archive fast
     * path runs none and must not load the runner's logging. Who we run as is read at its first
     * use, once, and so is the terminal: {@code --version} must not pay for loading the OS's user
     * database or the console.
     */
    static final class Host {
        private final Map<String, String> env;
        private final Supplier<OsIdentity> identity;
        private final Clock clock;
        private final BooleanSupplier terminal;
        private OsIdentity os;
        private Boolean console;
        private ProcessRunner runner;

        Host(Map<String, String> env, OsIdentity os, Clock clock, boolean console) {
            this(env, () -> os, clock, () -> console);
        }

        private Host(Map<String, String> env, Supplier<OsIdentity> identity, Clock clock, BooleanSupplier terminal) {
            this.env = Map.copyOf(env);
            this.identity = identity;
            this.clock = clock;
            this.terminal = terminal;
        }

        static Host system() {
            return new Host(System.getenv(), OsIdentity::current, Clock.systemUTC(), () -> System.console() != null);
        }

        Clock clock() {
            return clock;
        }

        synchronized OsIdentity os() {
            if (os == null) {
                os = identity.get();
            }
            return os;
        }

        synchronized boolean console() {
            if (console == null) {
                console = terminal.getAsBoolean();
            }
            return console;
        }

        synchronized ProcessRunner runner() {
            if (runner == null) {
                runner = new SystemProcessRunner(os());
            }
            return runner;
        }
    }
}
