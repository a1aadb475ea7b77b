package io.pgkeeper.testing;

import io.pgkeeper.cli.PgKeeperCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the CLI in-process through {@code CommandLine.execute}, capturing stdout and stderr. */
public final class Cli {
    private Cli() {}

    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit=" + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    public static Result run(String... args) {
        CommandLine cl = PgKeeperCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * {@link #run} with what pgkeeper logs (its console appender writes to System.err, looked up
     * on each write) appended to {@link Result#err}: for tests of a log line an operator reads.
     */
    public static Result runWithLog(String... args) {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            Result r = run(args);
            return new Result(r.exitCode(), r.out(), r.err() + log.toString(java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
            saved.print(log.toString(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
