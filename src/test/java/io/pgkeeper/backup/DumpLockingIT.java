package io.pgkeeper.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.repository.ClusterLock;
import io.pgkeeper.repository.LockName;
import io.pgkeeper.repository.Repositories;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.testing.TestPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.pgkeeper.testing.ClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** The per-cluster lock: refused at once with exit 4 naming the holder, or queued with --lock-wait. */
@ExtendWith(ClusterExtension.class)
class DumpLockingIT {
    static TestCluster pg;

    @BeforeAll
    static void start(TestCluster started) {
        pg = started;
        pg.execute("postgres", "CREATE DATABASE app");
    }

    @Test
    void heldLockRefusesAtOnceNamingTheHolder(@TempDir Path tmp) throws IOException {
        Path repo = tmp.resolve("repo");
        Path policy = TestPolicy.write(tmp, pg, repo);
        try (ClusterLock held = Repositories.at(repo).lock("main", LockName.CLUSTER, "test", Duration.ZERO)) {
            Cli.Result r = Cli.run("--policy", policy.toString(), "dump", "--database", "app");
            assertEquals(4, r.exitCode(), r::toString);
            assertTrue(r.err().contains("pid=" + ProcessHandle.current().pid() + " "), r::toString);
            assertTrue(r.err().matches("(?s).*started=\\d{4}-\\d\\d-\\d\\dT.*"), r::toString);
            assertTrue(r.err().contains("--lock-wait"), () -> "the hint names --lock-wait: " + r);
            assertFalse(r.err().contains("\tat "), r::toString);
        }
        assertEquals(List.of(), DumpCompletionIT.backupDirs(repo));
        Cli.Result restore = Cli.run("--policy", policy.toString(), "restore", "--database", "app", "--into", "x");
        assertEquals(2, restore.exitCode(), "no backup yet: " + restore);
    }

    @Test
    void lockWaitQueuesBehindTheHolder(@TempDir Path tmp) throws Exception {
        Path repo = tmp.resolve("repo");
        Path policy = TestPolicy.write(tmp, pg, repo);
        ClusterLock held = Repositories.at(repo).lock("main", LockName.CLUSTER, "test", Duration.ZERO);
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            held.close();
        });
        releaser.start();
        Cli.Result r = Cli.run("--policy", policy.toString(), "dump", "--database", "app", "--lock-wait", "30s");
        releaser.join();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(1, DumpCompletionIT.manifests(repo).size());
    }

    @Test
    void badLockWaitIsAUsageError(@TempDir Path tmp) {
        Path policy = TestPolicy.write(tmp, pg, tmp.resolve("repo"));
        Cli.Result r = Cli.run("--policy", policy.toString(), "dump", "--lock-wait", "soon");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("'soon' is not a duration"), r::toString);
    }
}
