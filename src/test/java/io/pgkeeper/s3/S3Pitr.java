package io.pgkeeper.s3;

import io.pgkeeper.process.ToolCall;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.Processes;
import io.pgkeeper.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the physical tests on an S3 repository share: a recovery target time between two batches
 * of writes whose WAL is archived to the bucket, stopping a restored copy, and the teardown of a
 * primary and its repository.
 */
final class S3Pitr {
    private S3Pitr() {}

    /** A target time between the writes before and after it, and the last segment archived after both. */
    record Point(String time, String lastArchived) {}

    /**
     * Runs {@code before} in {@code database}, takes the server's time a second clear of both
     * sides (recovery_target_time is compared with commit timestamps), runs {@code after}, and
     * waits until the WAL of both, and one more segment, is archived.
     */
    static Point between(TestCluster primary, String database, List<String> before, List<String> after) throws InterruptedException {
        primary.execute(database, before.toArray(String[]::new));
        Thread.sleep(1100);
        String time = primary.queryString("postgres", "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
        Thread.sleep(1100);
        primary.execute(database, after.toArray(String[]::new));
        primary.switchWalAndWaitArchived();
        return new Point(time, primary.switchWalAndWaitArchived());
    }

    /** Stops a restored copy at once: it is thrown away. */
    static void stop(Path pgdata) {
        Processes.runner().run(ToolCall.of("pg_ctl", List.of(TestCluster.serverTools().bin("pg_ctl"), "--pgdata=" + pgdata, "--mode=immediate",
                "--wait", "stop"), Map.of(), Duration.ofMinutes(1)).runningAs(Optional.of(TestCluster.OS_USER)));
    }

    static void close(TestCluster primary, S3Repo repo) {
        if (primary != null) {
            primary.close();
        }
        if (repo != null) {
            Launcher.deleteQuietly(repo.dir());
        }
    }
}
