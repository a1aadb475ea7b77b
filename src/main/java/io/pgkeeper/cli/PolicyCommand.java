package io.pgkeeper.cli;

import static io.pgkeeper.error.ExitCode.OK;
import static io.pgkeeper.error.ExitCode.USAGE;
import io.pgkeeper.cli.Exits.Exit;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "policy", mixinStandardHelpOptions = true, description = "Work with the policy file.",
        subcommands = {PolicyCommand.Validate.class},
        footerHeading = "%nExamples:%n",
        footer = {"  pgkeeper policy validate --policy /etc/pgkeeper/pgkeeper.yaml"})
@Exits({@Exit(value = OK, means = "this help was printed"), @Exit(USAGE)})
final class PolicyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Check the policy file.",
                    "Each problem is printed as FILE:LINE:COLUMN: message."},
            footerHeading = "%nExamples:%n",
            footer = {"  pgkeeper policy validate --policy /etc/pgkeeper/pgkeeper.yaml"})
    @Exits({@Exit(value = OK, means = "the policy is valid"), @Exit(value = USAGE, means = "it is not: each problem is printed")})
    static final class Validate implements Callable<Result> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** What --json prints after the command. */
        record Validation(String policy, boolean ok, List<String> problems) {}

        @Override
        public Result call() {
            CliContext cli = CliContext.of(spec);
            Path file = cli.policyFile();
            List<String> problems = cli.policyProblems();
            return new Result(problems.isEmpty() ? 0 : 2, Envelope.COMMAND, new Validation(file.toString(), problems.isEmpty(), problems), out -> {
                if (problems.isEmpty()) {
                    out.done(file + ": valid");
                } else {
                    problems.forEach(out::note);
                }
            });
        }
    }
}
