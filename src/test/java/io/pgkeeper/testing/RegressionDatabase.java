package io.pgkeeper.testing;

import io.pgkeeper.postgres.LocalServer;
import io.pgkeeper.process.SystemProcessRunner;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.process.ToolResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's own regression database (the one pg_upgrade's test upgrades), built by
 * {@code scripts/regression-db} with pg_regress's parallel schedule once per server version and
 * cached outside the clone as a data directory. {@link #start} brings up a private copy of it in
 * about a second, so tests may change it freely.
 */
public final class RegressionDatabase {
    /** The database pg_regress leaves behind. */
    public static final String NAME = "regression";

    private RegressionDatabase() {}

    /** A finished build: its cache directory and the facts the script recorded in {@code info}. */
    public record Build(Path dir, Map<String, String> info) {
        public Path dataTar() {
            return dir.resolve("data.tar");
        }

        /** Tests of pg_regress's schedule that failed on this platform; empty when all passed. */
        public String failedTests() {
            return info.getOrDefault("failed_tests", "");
        }

        public String describe() {
            return "regression database of PostgreSQL " + info.get("server_version") + " (source " + info.get("source_version")
                    + ", pg_regress exit " + info.get("pg_regress_exit")
                    + (failedTests().isEmpty() ? "" : ", failed tests: " + failedTests()) + ") in " + dir;
        }
    }

    /**
     * Runs {@code scripts/regression-db}: a no-op printing the cache directory when the cache is
     * complete, otherwise a build of a few minutes (download, compile, pg_regress).
     */
    public static Build ensureBuilt() {
        Path script = Path.of(System.getProperty("user.dir")).resolve("scripts/regression-db");
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException(script + " not found or not executable: run the tests from the project directory");
        }
        ToolResult r = Processes.runner().run(ToolCall.of("regression-db", List.of(script.toString()), Map.of(), Duration.ofMinutes(60))
                .withStdout(ToolCall.Stdout.capture()));
        r.orThrow("building PostgreSQL's regression database with " + script + " failed", "run " + script + " by hand to see every step");
        List<String> lines = r.stdout().strip().lines().toList();
        Path dir = Path.of(lines.get(lines.size() - 1));
        if (!Files.exists(dir.resolve("COMPLETE"))) {
            throw new IllegalStateException(script + " printed " + dir + ", which holds no COMPLETE marker");
        }
        return new Build(dir, readInfo(dir.resolve("info")));
    }

    /** A new server, run as {@link TestCluster#OS_USER}, on a fresh copy of the cached data directory. */
    public static TestCluster start(Build build) {
        SystemProcessRunner runner = Processes.runner();
        try {
            Path base = Files.createTempDirectory("pgkeeper-regression-");
            if (Processes.OS.root()) {
                LocalServer.chown(base, TestCluster.OS_USER);
            }
            // run as root, tar keeps the archived owner (postgres); run as anyone else, files become theirs
            runner.run(ToolCall.of("tar", List.of("/usr/bin/tar", "-xf", build.dataTar().toString(), "-C", base.toString()), Map.of(),
                    Duration.ofMinutes(5))).orThrow("unpacking " + build.dataTar(), "clear the cache (" + build.dir() + ") and run again");
            Path data = base.resolve("data");
            int port = LocalServer.freePort();
            // appended settings win over the ones the build server used (its socket directory is gone)
            Files.writeString(data.resolve("postgresql.conf"), "\n# written by RegressionDatabase\nport = " + port
                    + "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '" + base + "'\n", StandardOpenOption.APPEND);
            LocalServer server = LocalServer.adopt(runner, TestCluster.serverTools(), base, data, port, Processes.asServer(), Duration.ofMinutes(2));
            return TestCluster.adopt(server.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> readInfo(Path file) {
        Map<String, String> info = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    info.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return info;
    }
}
