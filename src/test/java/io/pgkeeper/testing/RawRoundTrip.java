package io.pgkeeper.testing;

import io.pgkeeper.process.SystemProcessRunner;
import io.pgkeeper.process.ToolCall;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The reference a pgkeeper restore is held to: what an operator gets from PostgreSQL's own tools,
 * {@code pg_dump -Fc} then {@code pg_restore --create --exit-on-error}, database properties and all.
 * A faithful round trip is not an identical database (pg_dump itself reorders inheritance
 * children's columns, and rows land in a new storage order), so fidelity tests compare pgkeeper's
 * copy with this one rather than with the source.
 */
public final class RawRoundTrip {
    private RawRoundTrip() {}

    /**
     * Copies {@code source} to {@code copy} on the same server. pg_restore --create recreates the
     * dumped name, so the source is renamed aside for the moment of the restore; no session may be
     * connected to it.
     */
    public static void copy(TestCluster cluster, String source, String copy, Path workDir) {
        Path dump = workDir.resolve(source + ".raw.dump");
        Map<String, String> env = cluster.server().access().toolEnv();
        SystemProcessRunner runner = Processes.runner();
        runner.run(ToolCall.of("pg_dump", List.of(TestCluster.serverTools().bin("pg_dump"), "--format=custom", "--no-password",
                "--file=" + dump, "--dbname=" + conninfo(source)), env, Duration.ofMinutes(20)))
                .orThrow("pg_dump -Fc " + source + " (the raw round trip)", null);
        String aside = source + "_aside";
        cluster.execute("postgres", "ALTER DATABASE " + ident(source) + " RENAME TO " + ident(aside));
        try {
            runner.run(ToolCall.of("pg_restore", List.of(TestCluster.serverTools().bin("pg_restore"), "--create", "--exit-on-error",
                    "--no-password", "--dbname=postgres", dump.toString()), env, Duration.ofMinutes(20)))
                    .orThrow("pg_restore --create of " + source + " (the raw round trip)", null);
            cluster.execute("postgres", "ALTER DATABASE " + ident(source) + " RENAME TO " + ident(copy));
        } catch (RuntimeException e) {
            // a half-restored copy holds the source's name: drop it so the source can have it back
            cluster.execute("postgres", "DROP DATABASE IF EXISTS " + ident(source));
            throw e;
        } finally {
            cluster.execute("postgres", "ALTER DATABASE " + ident(aside) + " RENAME TO " + ident(source));
        }
    }

    static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String conninfo(String database) {
        return "dbname='" + database.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
