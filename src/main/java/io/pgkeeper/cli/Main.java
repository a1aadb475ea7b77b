package io.pgkeeper.cli;

import java.io.PrintWriter;

/** Entry point; the only place that exits the JVM. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        CliContext.Host host = CliContext.Host.system();
        int code = new ArchiveFastPath(out, err, host).run(args).orElseGet(() -> PgKeeperCommand.commandLine(host).execute(args));
        out.flush();
        err.flush();
        System.exit(code);
    }
}
