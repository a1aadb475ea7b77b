package io.pgkeeper.cli;

import io.pgkeeper.error.ExitCode;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Bad flags and arguments: the message, a pointer to --help, exit 2. The one exception is
 * {@code archive get}, PostgreSQL's restore_command: any exit it does not read as "not archived"
 * must stop recovery, so a malformed call exits 126 there.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("pgkeeper: error: " + ex.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
            err.println("hint: see '" + cl.getCommandSpec().qualifiedName() + " --help'");
        }
        err.flush();
        return isArchiveGet(cl) ? ExitCode.RECOVERY_MUST_STOP.code() : ExitCode.USAGE.code();
    }

    private static boolean isArchiveGet(CommandLine cl) {
        return cl.getCommandName().equals("get") && cl.getParent() != null && cl.getParent().getCommandName().equals("archive");
    }
}
