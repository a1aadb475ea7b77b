package io.pgkeeper.testing;

import io.pgkeeper.process.SystemProcessRunner;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.process.ToolResult;
import java.time.Duration;
import java.util.List;

/**
 * An oracle independent of pgkeeper: {@code pg_amcheck --heapallindexed --parent-check} on a
 * restored database, i.e. every heap page and TOAST pointer checked, every B-tree index checked
 * against its parent pages and against every heap tuple it should hold.
 * <p>It installs the {@code amcheck} extension into the database it checks
 * ({@code --install-missing}), so run it after comparisons that a new extension would disturb.
 */
public final class AmcheckOracle {
    private AmcheckOracle() {}

    /** @param exitCode 0: no corruption; 2: corruption found (listed in {@code output}); 1: could not check */
    public record Result(String database, int exitCode, String output) {
        public boolean clean() {
            return exitCode == 0;
        }

        @Override
        public String toString() {
            return "pg_amcheck --heapallindexed --parent-check of " + database + ": exit " + exitCode
                    + (output.isBlank() ? "" : "\n" + output.strip());
        }
    }

    public static Result check(TestCluster cluster, String database) {
        ToolResult r = Processes.runner().run(ToolCall.of("pg_amcheck",
                List.of(TestCluster.serverTools().bin("pg_amcheck"), "--heapallindexed", "--parent-check", "--install-missing",
                        "--no-password", "--database=" + database),
                cluster.server().access().toolEnv(), Duration.ofMinutes(20)).withStdout(ToolCall.Stdout.capture()));
        return new Result(database, r.timedOut() ? -1 : r.exitCode(), r.stdout() + (r.ok() ? "" : "\n" + String.join("\n", r.stderrTail())));
    }
}
