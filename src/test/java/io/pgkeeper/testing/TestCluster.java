package io.pgkeeper.testing;

import io.pgkeeper.postgres.LocalServer;
import io.pgkeeper.postgres.PgBinaries;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.process.SystemProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real PostgreSQL cluster for integration tests: initdb and pg_ctl into a temporary directory
 * on a free port, run as the unprivileged {@code postgres} OS user when the tests run as root.
 * It is pgkeeper's own {@link LocalServer}, so tests exercise the code verify uses.
 */
public final class TestCluster implements AutoCloseable {
    public static final String OS_USER = "postgres";

    private final LocalServer server;

    private TestCluster(LocalServer server) {
        this.server = server;
    }

    public static TestCluster start() {
        return start(Map.of());
    }

    public static TestCluster start(Map<String, String> settings) {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("fsync", "off");
        conf.put("synchronous_commit", "off");
        conf.putAll(settings);
        Path base;
        try {
            base = Files.createTempDirectory("pgkeeper-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LocalServer s = LocalServer.initdb(Processes.runner(), serverTools(), base, Processes.asServer(), conf, Duration.ofMinutes(2));
        return new TestCluster(s.start());
    }

    /** Wraps a server started elsewhere (e.g. on a cached data directory); closing it stops the server and removes its directory. */
    public static TestCluster adopt(LocalServer running) {
        return new TestCluster(running);
    }

    /** The newest PostgreSQL server binaries installed on this machine. */
    public static PgTools serverTools() {
        return new PgBinaries(Processes.runner(), System.getenv()).serverOfMajor(newestMajor(), Optional.empty(), false);
    }

    public static int newestMajor() {
        Path root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+")).mapToInt(Integer::parseInt).max()
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server under " + root + "; run scripts/test to install it"));
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL server under " + root + "; run scripts/test to install it", e);
        }
    }

    public LocalServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    public String host() {
        return "127.0.0.1";
    }

    public Connection connect(String database) {
        return server.access().connect(database);
    }

    public void execute(String database, String... sql) {
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + database + ": " + e.getMessage(), e);
        }
    }

    public long queryLong(String database, String sql) {
        try (Connection c = connect(database); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + database + ": " + e.getMessage(), e);
        }
    }

    public String queryString(String database, String sql) {
        try (Connection c = connect(database); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + database + ": " + e.getMessage(), e);
        }
    }

    public boolean databaseExists(String name) {
        return queryLong("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + name.replace("'", "''") + "'") > 0;
    }

    /** Waits until the archiver has archived {@code segment} (or a later one); fails with the server log otherwise. */
    public void waitArchived(String segment) {
        for (int i = 0; i < 600; i++) {
            String archived = queryString("postgres", "SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver");
            if (archived.compareTo(segment) >= 0) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("segment " + segment + " was not archived; pg_stat_archiver: "
                + queryString("postgres", "SELECT row(archived_count, failed_count, last_failed_wal)::text FROM pg_stat_archiver")
                + "\nserver log:\n" + String.join("\n", server.logTail(30)));
    }

    /** Switches to a new WAL segment and waits until the finished one is archived; returns its name. */
    public String switchWalAndWaitArchived() {
        String segment = queryString("postgres", "SELECT pg_walfile_name(pg_switch_wal())");
        waitArchived(segment);
        return segment;
    }

    @Override
    public void close() {
        server.close();
    }
}
