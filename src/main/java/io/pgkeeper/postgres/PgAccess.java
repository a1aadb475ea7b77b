package io.pgkeeper.postgres;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.policy.ConnectionPolicy;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * How to reach one server, for the tools (libpq environment) and for JDBC. The password never
 * enters argv: tools get it through PGPASSFILE (a private temporary file when it came from an
 * environment variable), JDBC through its properties. Close it to remove the temporary file.
 */
public final class PgAccess implements AutoCloseable {
    private final String host;
    private final int port;
    private final String user;
    private final String maintenanceDb;
    private final Optional<Path> passfile;
    private final Optional<String> password;
    private final Optional<Path> tempDir;
    private final Duration connectTimeout;

    private PgAccess(String host, int port, String user, String maintenanceDb, Optional<Path> passfile,
            Optional<String> password, Optional<Path> tempDir, Duration connectTimeout) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.maintenanceDb = maintenanceDb;
        this.passfile = passfile;
        this.password = password;
        this.tempDir = tempDir;
        this.connectTimeout = connectTimeout;
    }

    /** Resolves the policy against libpq's PG* environment fallbacks. */
    public static PgAccess resolve(ConnectionPolicy policy, Map<String, String> env, io.pgkeeper.util.OsIdentity os, Duration connectTimeout) {
        String host = policy.host().orElse(env.getOrDefault("PGHOST", "localhost"));
        int port = policy.port().orElseGet(() -> parsePort(env.get("PGPORT")));
        String user = policy.user().orElse(env.getOrDefault("PGUSER", os.name()));
        String db = policy.dbname().orElse(env.getOrDefault("PGDATABASE", "postgres"));
        if (policy.passwordEnv().isPresent()) {
            String var = policy.passwordEnv().get();
            String secret = env.get(var);
            if (secret == null) {
                throw PgKeeperException.usage("connection.passwordEnv names " + var + ", but that environment variable is not set",
                        "export " + var + " before running pgkeeper, or use connection.passfile");
            }
            Path dir = createPrivateTempDir();
            Path file = dir.resolve("pgpass");
            SecureFiles.createFile(file);
            try {
                Files.writeString(file, PgPass.wildcardLine(secret));
            } catch (IOException e) {
                throw PgKeeperException.failed("cannot write temporary password file " + file + ": " + e.getMessage(), null, e);
            }
            return new PgAccess(host, port, user, db, Optional.of(file), Optional.of(secret), Optional.of(dir), connectTimeout);
        }
        Optional<Path> passfile = policy.passfile().or(() -> Optional.ofNullable(env.get("PGPASSFILE")).map(Path::of))
                .or(() -> Optional.ofNullable(env.get("HOME")).map(h -> Path.of(h, ".pgpass")).filter(Files::isReadable));
        // the passfile is searched per database at connect time, as libpq does; PGPASSWORD is the fallback
        Optional<String> secret = Optional.ofNullable(env.get("PGPASSWORD"));
        if (policy.passfile().isPresent() && !Files.isReadable(policy.passfile().get())) {
            throw PgKeeperException.usage("connection.passfile " + policy.passfile().get() + " cannot be read",
                    "create it with mode 0600 (host:port:database:user:password) or fix the path");
        }
        return new PgAccess(host, port, user, db, passfile, secret, Optional.empty(), connectTimeout);
    }

    /** A connection to a server pgkeeper started itself (trust over TCP on loopback). */
    public static PgAccess local(int port, String user, Duration connectTimeout) {
        return new PgAccess("127.0.0.1", port, user, "postgres", Optional.empty(), Optional.empty(), Optional.empty(), connectTimeout);
    }

    /** The same credentials against another endpoint, e.g. a restored copy started on its own port. */
    public PgAccess at(String otherHost, int otherPort) {
        return new PgAccess(otherHost, otherPort, user, maintenanceDb, passfile, password, Optional.empty(), connectTimeout);
    }

    private static int parsePort(String s) {
        if (s == null || s.isBlank()) {
            return 5432;
        }
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw PgKeeperException.usage("PGPORT is not a port number: " + s, "set connection.port in the policy");
        }
    }

    private static Path createPrivateTempDir() {
        try {
            Path dir = Files.createTempDirectory("pgkeeper-");
            Files.setPosixFilePermissions(dir, SecureFiles.DIR);
            return dir;
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot create a private temporary directory: " + e.getMessage(), "check TMPDIR", e);
        }
    }

    /** The libpq environment for child tools; the database is always passed per call. */
    public Map<String, String> toolEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("PGHOST", host);
        env.put("PGPORT", Integer.toString(port));
        env.put("PGUSER", user);
        env.put("PGAPPNAME", "pgkeeper");
        env.put("PGCONNECT_TIMEOUT", Long.toString(Math.max(2, connectTimeout.toSeconds())));
        passfile.ifPresent(f -> env.put("PGPASSFILE", f.toString()));
        return env;
    }

    /** A password from the environment variable is used as is; otherwise the passfile's entry for this database wins. */
    Optional<String> passwordFor(String database) {
        if (tempDir.isPresent()) {
            return password;
        }
        return passfile.flatMap(f -> PgPass.lookup(f, host, port, database, user)).or(() -> password);
    }

    /** Opens a JDBC connection; failures name host:port and the server's reason. */
    public Connection connect(String database) {
        String jdbcHost = host.startsWith("/") ? "localhost" : host;
        String url = "jdbc:postgresql://" + bracket(jdbcHost) + ":" + port + "/"
                + URLEncoder.encode(database, StandardCharsets.UTF_8);
        Properties props = new Properties();
        props.setProperty("user", user);
        passwordFor(database).ifPresent(p -> props.setProperty("password", p));
        props.setProperty("ApplicationName", "pgkeeper");
        props.setProperty("connectTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
        props.setProperty("loginTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
        try {
            return DriverManager.getConnection(url, props);
        } catch (SQLException e) {
            throw unreachable(database, e);
        }
    }

    public Connection connect() {
        return connect(maintenanceDb);
    }

    private PgKeeperException unreachable(String database, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String reason = e.getMessage();
        if (state.equals("3D000")) {
            return PgKeeperException.usage("database \"" + database + "\" does not exist on " + describe(),
                    "check the database name (pgkeeper list shows what a backup holds)");
        }
        java.util.Optional<PgKeeperException> network = NetworkFailure.of(e, host, port, user);
        if (network.isPresent()) {
            return network.get();
        }
        String hint = switch (state) {
            case "28P01", "28000" -> "check connection.user and the password (connection.passfile or connection.passwordEnv) and pg_hba.conf";
            case "08001", "08004", "08006" -> "is the server running and listening on " + describe() + "? check connection.host and connection.port";
            default -> "check the connection settings in the policy";
        };
        return PgKeeperException.failed("cannot connect to " + describe() + " as " + user + ": " + reason, hint, e);
    }

    private static String bracket(String h) {
        return h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
    }

    public String describe() {
        return host + ":" + port;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public String maintenanceDb() {
        return maintenanceDb;
    }

    @Override
    public void close() {
        tempDir.ifPresent(dir -> {
            try {
                Files.deleteIfExists(dir.resolve("pgpass"));
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // a leftover 0600 file in a 0700 directory of our own; nothing better to do here
            }
        });
    }

    @Override
    public String toString() {
        return "PgAccess[" + user + "@" + describe() + "]";
    }
}
