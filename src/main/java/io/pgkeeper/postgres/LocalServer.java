package io.pgkeeper.postgres;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.process.ProcessRunner;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PostgreSQL server pgkeeper starts itself, in a directory of its own: verify's sandbox and
 * the test fixture. It listens on a Unix socket in that directory and on 127.0.0.1 only, with
 * trust authentication; when pgkeeper runs as root it runs as an unprivileged OS user.
 */
public final class LocalServer implements AutoCloseable {
    public static final String SUPERUSER = "postgres";

    private final ProcessRunner runner;
    private final PgTools tools;
    private final Path baseDir;
    private final Path dataDir;
    private final int port;
    private final Optional<String> osUser;
    private final Duration timeout;
    private boolean running;

    private LocalServer(ProcessRunner runner, PgTools tools, Path baseDir, Path dataDir, int port, Optional<String> osUser, Duration timeout) {
        this.runner = runner;
        this.tools = tools;
        this.baseDir = baseDir;
        this.dataDir = dataDir;
        this.port = port;
        this.osUser = osUser;
        this.timeout = timeout;
    }

    /**
     * Creates {@code baseDir} (which must not exist) and runs initdb into {@code baseDir/data}.
     *
     * @param runAs who runs the server: when pgkeeper is root, the unprivileged OS user
     *     ({@link io.pgkeeper.util.OsIdentity#runAs}); empty runs it as this user
     * @param settings extra postgresql.conf settings, e.g. {@code fsync=off}
     */
    public static LocalServer initdb(ProcessRunner runner, PgTools tools, Path baseDir, Optional<String> runAs, Map<String, String> settings,
            Duration timeout) {
        SecureFiles.createDirectories(baseDir);
        runAs.ifPresent(u -> chown(baseDir, u));
        Path data = baseDir.resolve("data");
        ToolCall init = ToolCall.of("initdb", List.of(tools.bin("initdb"), "--pgdata=" + data, "--username=" + SUPERUSER,
                "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"), Map.of("LC_ALL", "C.UTF-8"), timeout)
                .runningAs(runAs).withWorkDir(baseDir);
        runner.run(init).orThrow("initdb of a throwaway server in " + baseDir + " failed",
                runAs.map(u -> "the OS user '" + u + "' must exist and be able to reach " + baseDir).orElse("check the directory's permissions"));
        int port = freePort();
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("port", Integer.toString(port));
        conf.put("listen_addresses", "'127.0.0.1'");
        conf.put("unix_socket_directories", "'" + baseDir + "'");
        conf.put("max_connections", "40");
        conf.put("shared_buffers", "'32MB'");
        conf.put("logging_collector", "off");
        settings.forEach(conf::put);
        StringBuilder sb = new StringBuilder("\n# written by pgkeeper\n");
        conf.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        try {
            Files.writeString(data.resolve("postgresql.conf"), sb.toString(), java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot configure the throwaway server in " + data + ": " + e.getMessage(), null, e);
        }
        return new LocalServer(runner, tools, baseDir, data, port, runAs, timeout);
    }

    /** Adopts an existing data directory (a restored base backup) without running initdb; {@code runAs} as for {@link #initdb}. */
    public static LocalServer adopt(ProcessRunner runner, PgTools tools, Path baseDir, Path dataDir, int port, Optional<String> runAs,
            Duration timeout) {
        return new LocalServer(runner, tools, baseDir, dataDir, port, runAs, timeout);
    }

    public LocalServer start() {
        ToolCall start = ToolCall.of("pg_ctl", List.of(tools.bin("pg_ctl"), "--pgdata=" + dataDir, "--log=" + logFile(), "--wait",
                "--timeout=" + Math.max(5, timeout.toSeconds()), "start"), Map.of(), timeout.plusSeconds(10)).runningAs(osUser).withWorkDir(baseDir);
        var result = runner.run(start);
        if (!result.ok()) {
            String tail = String.join("\n  ", logTail(20));
            result.orThrow("the throwaway server in " + dataDir + " did not start" + (tail.isEmpty() ? "" : "; its log ends with:\n  " + tail),
                    "see " + logFile());
        }
        running = true;
        return this;
    }

    /**
     * Starts the server without waiting: {@code io.pgkeeper.recovery.RecoveryWait} watches it.
     * Messages in C and the log on stderr, for this start only, so the wait can read them.
     */
    public LocalServer launch() {
        runner.run(launchCall(tools, dataDir, logFile(), osUser, baseDir, timeout)).orThrow("pg_ctl start of " + dataDir + " failed", "see " + logFile());
        running = true;
        return this;
    }

    /** pg_ctl start --no-wait with what the recovery wait needs, for any data directory. */
    public static ToolCall launchCall(PgTools tools, Path dataDir, Path logFile, Optional<String> runAs, Path workDir, Duration timeout) {
        return ToolCall.of("pg_ctl", List.of(tools.bin("pg_ctl"), "--pgdata=" + dataDir, "--log=" + logFile, "--no-wait",
                "--options=-c lc_messages=C -c logging_collector=off -c log_destination=stderr", "start"), Map.of(), timeout)
                .runningAs(runAs).withWorkDir(workDir);
    }

    public void stop() {
        if (!running || !Files.exists(dataDir.resolve("postmaster.pid"))) {
            // never started, or it exited by itself (a failed recovery): nothing to stop
            running = false;
            return;
        }
        ToolCall stop = ToolCall.of("pg_ctl", List.of(tools.bin("pg_ctl"), "--pgdata=" + dataDir, "--mode=fast", "--wait",
                "--timeout=" + Math.max(5, timeout.toSeconds()), "stop"), Map.of(), timeout.plusSeconds(10)).runningAs(osUser).withWorkDir(baseDir);
        runner.run(stop).orThrow("stopping the throwaway server in " + dataDir + " failed", "see " + logFile());
        running = false;
    }

    /** Stops the server if it runs and removes its whole directory. */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            deleteTree(baseDir);
        }
    }

    public PgAccess access() {
        return PgAccess.local(port, SUPERUSER, Duration.ofSeconds(10));
    }

    public int port() {
        return port;
    }

    public Path baseDir() {
        return baseDir;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path socketDir() {
        return baseDir;
    }

    public Path logFile() {
        return baseDir.resolve("server.log");
    }

    public Optional<String> osUser() {
        return osUser;
    }

    public PgTools tools() {
        return tools;
    }

    /** Started by us and not exited by itself (a failed recovery removes postmaster.pid). */
    public boolean running() {
        return running && Files.exists(dataDir.resolve("postmaster.pid"));
    }

    public List<String> logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile());
            return new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** How a person connects, e.g. for --keep-sandbox. */
    public String psqlCommand(String database) {
        return tools.bin("psql") + " -h " + baseDir + " -p " + port + " -U " + SUPERUSER + " -d " + database;
    }

    public static void chown(Path path, String user) {
        try {
            UserPrincipal owner = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
            try (Stream<Path> walk = Files.walk(path)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    Files.setOwner(p, owner);
                }
            }
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
            throw PgKeeperException.failed("the OS user '" + user + "' does not exist",
                    "create it (e.g. useradd --system " + user + ") or set sandbox.osUser / osUser in the policy");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw PgKeeperException.failed("no free TCP port on 127.0.0.1: " + e.getMessage(), null, e);
        }
    }

    /** Removes a directory tree that pgkeeper made (a sandbox); a missing one is already gone. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
