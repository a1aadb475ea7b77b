package io.pgkeeper.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.policy.Policy;
import io.pgkeeper.policy.PolicyLoader;
import io.pgkeeper.postgres.PgBinaries;
import io.pgkeeper.process.SystemProcessRunner;
import io.pgkeeper.repository.Repositories;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.testing.TestPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.pgkeeper.testing.Processes;
import io.pgkeeper.testing.ClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** Progress goes to whoever watches a terminal, and nowhere otherwise. */
@ExtendWith(ClusterExtension.class)
class DumpProgressIT {
    static TestCluster pg;

    @BeforeAll
    static void start(TestCluster started) {
        pg = started;
        pg.execute("postgres", "CREATE DATABASE one", "CREATE DATABASE two");
    }

    @Test
    void reportsDatabasesDoneOutOfTotalWithBytesAndRate(@TempDir Path tmp) {
        Path file = TestPolicy.write(tmp, pg, tmp.resolve("repo"), "    logical:\n      databases:\n        include: [one, two]\n");
        Policy policy = new PolicyLoader().load(file, System.getenv());
        List<String> lines = new ArrayList<>();
        RunContext ctx = new RunContext(policy, policy.cluster(Optional.empty()), Repositories.at(policy.repository().path()),
                Processes.runner(), new PgBinaries(Processes.runner(), System.getenv()), System.getenv(), Clock.systemUTC(),
                lines::add, Processes.OS, "io.pgkeeper.cli.Main");
        new DumpService(ctx).dump(new DumpRequest(List.of(), Duration.ZERO));
        assertEquals(2, lines.size(), lines::toString);
        assertTrue(lines.get(0).matches("dumped 1/2 databases, [0-9.]+ MiB written \\([0-9.]+ MiB/s\\)"), lines::toString);
        assertTrue(lines.get(1).startsWith("dumped 2/2 databases"), lines::toString);
    }

    @Test
    void offATerminalThereIsNoProgressOutput(@TempDir Path tmp) {
        Path file = TestPolicy.write(tmp, pg, tmp.resolve("repo"));
        Cli.Result r = Cli.run("--policy", file.toString(), "dump");
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(r.err().contains("progress:"), r::toString);
        assertFalse(r.out().contains("progress:"), r::toString);
    }
}
