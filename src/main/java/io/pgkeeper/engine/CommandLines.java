package io.pgkeeper.engine;

import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.process.ShellQuote;
import java.nio.file.Path;

/** The archive_command and restore_command lines for postgresql.conf. */
public record CommandLines(String archiveCommand, String restoreCommand) {

    /**
     * @param repositoryRoot where the spool lies by default (with archive.async the lines name it: --spool)
     * @param pushFlags what the engine adds to archive push, e.g. " --engine pgbackrest"; empty for none
     */
    public static CommandLines of(String launcher, Path policy, ClusterPolicy cluster, Path repositoryRoot, String pushFlags) {
        java.util.function.Function<String, String> line = sub -> ShellQuote.join(java.util.stream.Stream.concat(
                java.util.stream.Stream.of(launcher, "archive", sub, "--policy", policy.toAbsolutePath().toString(), "--cluster", cluster.name()),
                io.pgkeeper.spool.Spool.commandLineArgs(sub, cluster, repositoryRoot).stream()).toList());
        return new CommandLines(line.apply("push") + pushFlags + " %p", line.apply("get") + " %f %p");
    }

    public static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
