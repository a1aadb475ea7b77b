package io.pgkeeper.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgkeeper.policy.Policy;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The one place where a command that does work is followed up, successful or not: metrics and
 * notifications ({@link io.pgkeeper.ops.AfterRun}) get the run's {@link RunReport} document. A failure is mapped
 * by {@link ErrorHandler} here rather than after the strategy returns, so the follow-up sees the
 * same document --json prints. Dry runs and help are not followed up. The policy is the one the
 * command loaded ({@link CliContext}): never read a second time.
 */
final class RunHooks implements CommandLine.IExecutionStrategy {
    private static final Logger log = LoggerFactory.getLogger(RunHooks.class);

    private final CommandLine.IExecutionStrategy next;

    RunHooks(CommandLine.IExecutionStrategy next) {
        this.next = next;
    }

    @Override
    public int execute(CommandLine.ParseResult parseResult) {
        List<CommandLine> chain = parseResult.asCommandLineList();
        CommandLine last = chain.get(chain.size() - 1);
        if (!(last.getCommand() instanceof WorkCommand work)) {
            return next.execute(parseResult);
        }
        CommandLine.Model.CommandSpec spec = last.getCommandSpec();
        RunReport report = RunReport.of(spec);
        CliContext cli = CliContext.of(spec);
        GlobalOptions g = cli.globals();
        int code;
        try {
            code = next.execute(parseResult);
        } catch (CommandLine.ExecutionException ex) {
            cli.clusterName().ifPresent(report::cluster);
            Exception cause = ex.getCause() instanceof Exception e ? e : ex;
            code = handle(parseResult, ex.getCommandLine(), cause);
        }
        Optional<ObjectNode> document = report.document();
        if (g.dryRun() || document.isEmpty()) {
            return code;
        }
        try {
            Optional<Policy> policy = cli.validPolicy();
            Optional<String> cluster = report.cluster().or(cli::clusterName);
            if (policy.isPresent() && cluster.isPresent()) {
                cli.afterRun(policy.get()).finished(cluster.get(), RunReport.commandName(spec), work.kind(), document.get(), cli.clock().instant());
            }
        } catch (RuntimeException e) {
            log.warn("after {}: {} (the run's own result is unchanged)", RunReport.commandName(spec), e.toString());
        }
        return code;
    }

    private static int handle(CommandLine.ParseResult parseResult, CommandLine failed, Exception cause) {
        try {
            return parseResult.commandSpec().commandLine().getExecutionExceptionHandler().handleExecutionException(cause, failed, parseResult);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
