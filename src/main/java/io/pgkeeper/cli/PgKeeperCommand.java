package io.pgkeeper.cli;

import static io.pgkeeper.error.ExitCode.FAILED;
import static io.pgkeeper.error.ExitCode.LOCKED;
import static io.pgkeeper.error.ExitCode.OK;
import static io.pgkeeper.error.ExitCode.RECOVERY_MUST_STOP;
import static io.pgkeeper.error.ExitCode.USAGE;
import static io.pgkeeper.error.ExitCode.VERIFICATION_FAILED;
import io.pgkeeper.cli.Exits.Exit;

import io.pgkeeper.util.PgKeeperVersion;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level command; its options are inherited, so they work before or after a subcommand. */
@Command(name = "pgkeeper",
        mixinStandardHelpOptions = true,
        versionProvider = PgKeeperCommand.Version.class,
        description = {"Backups of PostgreSQL that are proven restorable.", ""},
        subcommands = {DumpCommand.class, BaseBackupCommand.class, ArchiveCommand.class, ListCommand.class, RestoreCommand.class, PolicyCommand.class, PruneCommand.class, VerifyCommand.class,
                ScheduleCommand.class, StatusCommand.class, CheckCommand.class, CompletionCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  pgkeeper --policy /etc/pgkeeper/pgkeeper.yaml dump",
                "  pgkeeper list --json", "  pgkeeper restore --backup latest --database app --into app_copy"})
@Exits({@Exit(OK), @Exit(FAILED), @Exit(USAGE), @Exit(VERIFICATION_FAILED), @Exit(LOCKED), @Exit(RECOVERY_MUST_STOP)})
public final class PgKeeperCommand implements Runnable {

    static final int HELP_WIDTH = 100;

    @Option(names = OptionNames.POLICY, paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "policy file (default: $PGKEEPER_POLICY, ./pgkeeper.yaml, /etc/pgkeeper/pgkeeper.yaml)")
    Path policy;

    @Option(names = OptionNames.CLUSTER, paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "cluster of the policy to work on; may be left out when the policy has one")
    String cluster;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "print the result as one JSON document on stdout")
    boolean json;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "log details, and stack traces on errors")
    boolean verbose;

    @Option(names = {OptionNames.QUIET_SHORT, OptionNames.QUIET}, scope = ScopeType.INHERIT, description = "print only warnings and errors")
    boolean quiet;

    @Option(names = "--dry-run", scope = ScopeType.INHERIT,
            description = "print the tool calls that would run, secrets redacted, and run none")
    boolean dryRun;

    @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text", scope = ScopeType.INHERIT,
            description = "log lines on stderr as text (default) or as one JSON object per line, for log shippers")
    LogFormat logFormat;

    enum LogFormat { text, json }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final CliContext.Host host;
    private final RunReport report;
    private CliContext context;

    PgKeeperCommand(CliContext.Host host) {
        this.host = host;
        this.report = new RunReport(host.clock());
    }

    RunReport report() {
        return report;
    }

    /** The command line's composition root, made once its options are parsed. */
    CliContext context() {
        if (context == null) {
            context = new CliContext(host, globals(), spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        return context;
    }

    GlobalOptions globals() {
        return new GlobalOptions(Optional.ofNullable(policy), Optional.ofNullable(cluster), json, verbose, quiet, dryRun);
    }

    /** No subcommand is a usage error: show what there is, on stderr, and exit 2. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say which command to run (e.g. pgkeeper dump; pgkeeper --help lists them)");
    }

    /** The command line of this process: its environment, identity and clock read now. */
    public static CommandLine commandLine() {
        return commandLine(CliContext.Host.system());
    }

    static CommandLine commandLine(CliContext.Host host) {
        CommandLine cl = new CommandLine(new PgKeeperCommand(host));
        cl.setExecutionStrategy(new LoggingSetup(new RunHooks(new Renderer(new CommandLine.RunLast()))));
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(new UsageErrorHandler());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpAutoWidth(true);
        cl.setUsageHelpWidth(HELP_WIDTH);
        ExitCodeHelp.apply(cl, HELP_WIDTH);
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pgkeeper " + PgKeeperVersion.get()};
        }
    }
}
