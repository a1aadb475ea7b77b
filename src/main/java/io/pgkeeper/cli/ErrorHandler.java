package io.pgkeeper.cli;

import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.error.PolicyException;
import io.pgkeeper.repository.storage.IoFailures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * The one mapping from exceptions to exit codes and messages. People get the message and the
 * fix; --json adds a document on stdout; only --verbose shows a stack trace.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        GlobalOptions g = GlobalOptions.of(cl.getCommandSpec());
        PrintWriter err = cl.getErr();
        PgKeeperException pk = translate(ex);
        print(pk, ex, err, g.verbose());
        // Recorded whatever the output format: the notifiers get the same document.
        var doc = RunReport.of(cl.getCommandSpec()).failed(RunReport.commandName(cl.getCommandSpec()), pk);
        if (g.json()) {
            Output.json(cl.getOut(), doc);
        }
        return pk.exitCode().code();
    }

    /** The message and the fix; the stack trace only when asked for. */
    static void print(PgKeeperException pk, Throwable cause, PrintWriter err, boolean verbose) {
        if (pk instanceof PolicyException pe) {
            pe.problems().forEach(err::println);
        } else {
            err.println("pgkeeper: error: " + pk.getMessage());
        }
        pk.hint().ifPresent(h -> err.println("hint: " + h));
        if (verbose) {
            StringWriter sw = new StringWriter();
            cause.printStackTrace(new PrintWriter(sw));
            err.print(sw);
        }
        err.flush();
    }

    static PgKeeperException translate(Exception ex) {
        if (ex instanceof PgKeeperException pk) {
            return pk;
        }
        if (ex instanceof UncheckedIOException io) {
            String msg = io.getCause().getMessage();
            boolean full = IoFailures.diskFull(msg);
            return PgKeeperException.failed((full ? "disk full: " : "I/O error: ") + io.getCause().getClass().getSimpleName() + " " + msg,
                    full ? "free space on the filesystem named above" : null, io);
        }
        return new PgKeeperException(ExitCode.FAILED, "unexpected error: " + ex, "rerun with --verbose and report it", ex);
    }
}
