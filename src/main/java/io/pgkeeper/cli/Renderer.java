package io.pgkeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine;

/**
 * The one renderer: a command's {@link Result} becomes its JSON document (always built: the
 * notifiers get it too) and, with --json, that document on stdout, else its text. The exit code is
 * the result's. Commands whose work is printing itself (help, completion scripts) return no
 * result and are left alone.
 */
final class Renderer implements CommandLine.IExecutionStrategy {
    private final CommandLine.IExecutionStrategy next;

    Renderer(CommandLine.IExecutionStrategy next) {
        this.next = next;
    }

    @Override
    public int execute(CommandLine.ParseResult parseResult) {
        int code = next.execute(parseResult);
        List<CommandLine> chain = parseResult.asCommandLineList();
        CommandLine last = chain.get(chain.size() - 1);
        if (!(last.getExecutionResult() instanceof Result result)) {
            return code;
        }
        try {
            return render(last.getCommandSpec(), result);
        } catch (RuntimeException e) {
            throw new CommandLine.ExecutionException(last, "printing the result of " + RunReport.commandName(last.getCommandSpec()) + " failed", e);
        }
    }

    static int render(CommandLine.Model.CommandSpec spec, Result r) {
        CliContext cli = CliContext.of(spec);
        RunReport report = RunReport.of(spec);
        String cluster = r.envelope().has(Envelope.Field.CLUSTER) ? cli.clusterName().orElse(null) : null;
        JsonNode document = r.envelope().document(report.run(RunReport.commandName(spec), cluster), r.exitCode(), r.details());
        if (r.envelope() == Envelope.RUN) {
            report.record((ObjectNode) document);
        }
        GlobalOptions g = cli.globals();
        if (g.json() && document != null) {
            Output.json(spec.commandLine().getOut(), document);
        }
        r.text().write(new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), g.json(), g.quiet()));
        return r.exitCode();
    }
}
