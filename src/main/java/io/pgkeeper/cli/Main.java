package io.pgkeeper.cli;


/** Entry point; the only place that exits the JVM. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(PgKeeperCommand.commandLine().execute(args));
    }
}
