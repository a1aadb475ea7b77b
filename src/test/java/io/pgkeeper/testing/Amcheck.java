package io.pgkeeper.testing;

import io.pgkeeper.process.SystemProcessRunner;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.process.ToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's own pg_amcheck on a restored copy: every table's heap and every B-tree index of
 * every database, each index checked against the heap (--heapallindexed). It is the independent
 * oracle on a restore: it knows nothing of pgkeeper's fingerprints.
 */
public final class Amcheck {
    private Amcheck() {}

    /** Checks a read-write copy, installing the amcheck extension where it is missing; fails the test on any corruption. */
    public static String check(int port) {
        return run(port, true);
    }

    /** For a hot standby, which cannot create the extension: the primary must have it already. */
    public static String checkReadOnly(int port) {
        return run(port, false);
    }

    private static String run(int port, boolean install) {
        List<String> argv = new ArrayList<>(List.of(TestCluster.serverTools().bin("pg_amcheck"), "--host=127.0.0.1", "--port=" + port,
                "--username=postgres", "--no-password", "--all", "--heapallindexed", "--progress"));
        if (install) {
            argv.add("--install-missing");
        }
        ToolResult r = Processes.runner().run(ToolCall.of("pg_amcheck", argv, Map.of("PGCONNECT_TIMEOUT", "10"), Duration.ofMinutes(10))
                .withStdout(ToolCall.Stdout.capture()));
        if (!r.ok() || !r.stdout().isBlank()) {
            throw new AssertionError("pg_amcheck --heapallindexed found problems on the copy at port " + port + " (exit " + r.exitCode() + "):\n"
                    + r.stdout() + "\n" + String.join("\n", r.stderrTail()));
        }
        return String.join("\n", r.stderrTail());
    }
}
