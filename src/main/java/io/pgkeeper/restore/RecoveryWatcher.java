package io.pgkeeper.restore;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.LocalServer;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.PgTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Starts a restored data directory and waits until recovery has reached its target. */
final class RecoveryWatcher {
    private static final Pattern PORT = Pattern.compile("(?m)^\\s*port\\s*=\\s*(\\d+)");

    private final RunContext ctx;
    private final PgTools tools;
    private final Path pgdata;
    private final PhysicalRestoreRequest req;

    RecoveryWatcher(RunContext ctx, PgTools tools, Path pgdata, PhysicalRestoreRequest req) {
        this.ctx = ctx;
        this.tools = tools;
        this.pgdata = pgdata;
        this.req = req;
    }

    PhysicalRestoreResult.Reached startAndWait() {
        int port = req.port().orElseGet(this::configuredPort);
        LocalServer server = LocalServer.adopt(ctx.runner(), tools, pgdata, pgdata, port, ctx.cluster().osUser(), Duration.ofMinutes(10));
        server.start();
        Instant deadline = Instant.now().plus(ctx.cluster().timeouts().restore());
        try (PgAccess base = ctx.access()) {
            PgAccess access = base.at("127.0.0.1", port);
            while (Instant.now().isBefore(deadline)) {
                if (req.target().action() == RecoveryTarget.Action.SHUTDOWN && !Files.exists(pgdata.resolve("postmaster.pid"))) {
                    return new PhysicalRestoreResult.Reached(null, null, "shut down");
                }
                try (Connection c = access.connect()) {
                    PhysicalRestoreResult.Reached r = poll(c);
                    if (r != null) {
                        return r;
                    }
                } catch (PgKeeperException | SQLException e) {
                    // starting up, or shutting down at the target: look again
                }
                sleep();
            }
        }
        throw PgKeeperException.failed("recovery of " + pgdata + " did not reach its target within " + ctx.cluster().timeouts().restore(),
                "see " + server.logFile() + "; the server is still running");
    }

    private PhysicalRestoreResult.Reached poll(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            boolean inRecovery;
            try (ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                inRecovery = rs.getBoolean(1);
            }
            if (inRecovery) {
                try (ResultSet rs = st.executeQuery("SELECT pg_get_wal_replay_pause_state()")) {
                    rs.next();
                    if (!"paused".equals(rs.getString(1))) {
                        return null;
                    }
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT pg_last_wal_replay_lsn()::text, pg_last_xact_replay_timestamp()::text")) {
                rs.next();
                return new PhysicalRestoreResult.Reached(rs.getString(1), rs.getString(2), inRecovery ? "paused" : "promoted");
            }
        }
    }

    private int configuredPort() {
        for (String f : List.of("postgresql.auto.conf", "postgresql.conf")) {
            try {
                Matcher m = PORT.matcher(Files.readString(pgdata.resolve(f)));
                int found = -1;
                while (m.find()) {
                    found = Integer.parseInt(m.group(1));
                }
                if (found > 0) {
                    return found;
                }
            } catch (java.io.IOException ignored) {
                // try the next file
            }
        }
        return 5432;
    }

    private static void sleep() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PgKeeperException.failed("interrupted while waiting for recovery", null);
        }
    }
}
