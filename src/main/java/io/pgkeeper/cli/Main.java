package io.pgkeeper.cli;

import java.io.PrintWriter;

/** Entry point; the only place that exits the JVM. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = new ArchiveFastPath(out, err).run(args).orElseGet(() -> PgKeeperCommand.commandLine().execute(args));
        out.flush();
        err.flush();
        System.exit(code);
    }
}
