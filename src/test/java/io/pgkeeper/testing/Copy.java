package io.pgkeeper.testing;

import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.process.SystemProcessRunner;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.process.ToolResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A data directory pgkeeper restored and started on {@code port}: queries, its log, and a stop that never leaves it running. */
public record Copy(Path pgdata, int port) implements AutoCloseable {

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public PgAccess access() {
        return PgAccess.local(port, "postgres", Duration.ofSeconds(10));
    }

    public long queryLong(String db, String sql) {
        try (Connection c = access().connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public String queryString(String db, String sql) {
        try (Connection c = access().connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public void execute(String db, String... sql) {
        try (Connection c = access().connect(db); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** On a copy that archives (restored with --archive): switches WAL and waits until that segment is archived. */
    public String switchWalAndWaitArchived() {
        String segment = queryString("postgres", "SELECT pg_walfile_name(pg_switch_wal())");
        for (int i = 0; i < 600; i++) {
            if (queryString("postgres", "SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver").compareTo(segment) >= 0) {
                return segment;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("segment " + segment + " of the copy on port " + port + " was not archived; its log:\n" + log());
    }

    /** Where pgkeeper restore writes the copy's server log: beside the data directory. */
    public Path logFile() {
        return pgdata.resolveSibling(pgdata.getFileName() + ".log");
    }

    public String log() {
        try {
            return Files.exists(logFile()) ? Files.readString(logFile()) : "(no log at " + logFile() + ")";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** pg_ctl stop (fast) as the server's OS user; quiet when it is not running. */
    public void stop() {
        if (!Files.exists(pgdata.resolve("postmaster.pid"))) {
            return;
        }
        ToolResult r = Processes.runner().run(ToolCall.of("pg_ctl", List.of(TestCluster.serverTools().bin("pg_ctl"), "--pgdata=" + pgdata,
                "--mode=fast", "--wait", "stop"), Map.of(), Duration.ofMinutes(2)).runningAs(Optional.of(TestCluster.OS_USER)).withWorkDir(pgdata));
        if (!r.ok()) {
            Processes.runner().run(ToolCall.of("pg_ctl", List.of(TestCluster.serverTools().bin("pg_ctl"), "--pgdata=" + pgdata,
                    "--mode=immediate", "--wait", "stop"), Map.of(), Duration.ofMinutes(1)).runningAs(Optional.of(TestCluster.OS_USER)).withWorkDir(pgdata));
        }
    }

    @Override
    public void close() {
        stop();
    }
}
