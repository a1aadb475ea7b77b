package io.pgkeeper.testing;

import io.pgkeeper.postgres.LocalServer;
import io.pgkeeper.process.SystemProcessRunner;
import io.pgkeeper.process.ToolCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real streaming standby of a primary, made as production makes one: {@code pg_basebackup -R}
 * from the primary (which writes standby.signal and primary_conninfo), then its own port and
 * socket directory, then started. Tablespaces of the primary are mapped into the standby's directory.
 */
public final class StandbyPair implements AutoCloseable {
    private final TestCluster primary;
    private final LocalServer standby;

    private StandbyPair(TestCluster primary, LocalServer standby) {
        this.primary = primary;
        this.standby = standby;
    }

    /** @param tablespaces each primary tablespace directory, mapped to a directory of the standby */
    public static StandbyPair of(TestCluster primary, List<Path> tablespaces) {
        try {
            Path base = Files.createTempDirectory(Path.of("/tmp"), "pgkeeper-standby-");
            Files.setPosixFilePermissions(base, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            if (Processes.OS.root()) {
                LocalServer.chown(base, TestCluster.OS_USER);
            }
            Path data = base.resolve("data");
            List<String> argv = new ArrayList<>(List.of(TestCluster.serverTools().bin("pg_basebackup"), "--pgdata=" + data, "--host=127.0.0.1",
                    "--port=" + primary.port(), "--username=postgres", "--no-password", "--write-recovery-conf", "--wal-method=stream",
                    "--checkpoint=fast"));
            for (Path ts : tablespaces) {
                argv.add("--tablespace-mapping=" + ts + "=" + base.resolve("ts-" + ts.getFileName()));
            }
            Processes.runner().run(ToolCall.of("pg_basebackup", argv, Map.of(), Duration.ofMinutes(5))
                    .runningAs(Optional.of(TestCluster.OS_USER)).withWorkDir(base)).orThrow("pg_basebackup -R of the standby failed", null);
            int port = LocalServer.freePort();
            Files.writeString(data.resolve("postgresql.auto.conf"), "port = " + port + "\nunix_socket_directories = '" + base + "'\n",
                    StandardOpenOption.APPEND);
            LocalServer standby = LocalServer.adopt(Processes.runner(), TestCluster.serverTools(), base, data, port, Processes.asServer(),
                    Duration.ofMinutes(2));
            standby.start();
            StandbyPair pair = new StandbyPair(primary, standby);
            pair.awaitReplay();
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public LocalServer standby() {
        return standby;
    }

    public int standbyPort() {
        return standby.port();
    }

    /** Waits until the standby has replayed everything the primary has written so far. */
    public void awaitReplay() {
        String target = primary.queryString("postgres", "SELECT pg_current_wal_lsn()::text");
        for (int i = 0; i < 600; i++) {
            try (var c = standby.access().connect("postgres"); var st = c.createStatement();
                    var rs = st.executeQuery("SELECT pg_is_in_recovery() AND pg_last_wal_replay_lsn() >= '" + target + "'::pg_lsn")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return;
                }
            } catch (java.sql.SQLException | RuntimeException e) {
                // still starting up
            }
            sleep();
        }
        throw new AssertionError("the standby did not replay up to " + target + "; its log:\n" + String.join("\n", standby.logTail(30)));
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        standby.close();
    }
}
