package io.pgkeeper.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.testing.TestPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.pgkeeper.testing.ClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** --dry-run prints the tool calls and runs and writes nothing. */
@ExtendWith(ClusterExtension.class)
class DryRunIT {
    static TestCluster pg;

    @BeforeAll
    static void start(TestCluster started) {
        pg = started;
        pg.execute("postgres", "CREATE DATABASE app");
        pg.execute("app", "CREATE TABLE t(id int)", "INSERT INTO t VALUES (1)");
    }

    @Test
    void dumpDryRunWritesNothing(@TempDir Path tmp) {
        Path repo = tmp.resolve("repo");
        Path policy = TestPolicy.write(tmp, pg, repo);
        Cli.Result r = Cli.run("--policy", policy.toString(), "--dry-run", "dump");
        assertEquals(0, r.exitCode(), r::toString);
        List<String> calls = r.out().lines().filter(l -> l.startsWith("would run: ")).toList();
        assertTrue(calls.stream().anyMatch(l -> l.contains("/pg_dumpall --roles-only")), r::toString);
        assertTrue(calls.stream().anyMatch(l -> l.contains("/pg_dump --format=c") && l.contains("dbname='\\''app'\\''")), r::toString);
        assertTrue(r.out().contains("dry run: nothing was written"), r::toString);
        assertFalse(Files.exists(repo), "no repository directory is created");
    }

    @Test
    void restoreDryRunRestoresNothing(@TempDir Path tmp) throws IOException {
        Path repo = tmp.resolve("repo");
        Path policy = TestPolicy.write(tmp, pg, repo);
        Cli.Result dump = Cli.run("--policy", policy.toString(), "dump", "--database", "app");
        assertEquals(0, dump.exitCode(), dump::toString);
        List<String> before = tree(repo);
        Cli.Result r = Cli.run("--policy", policy.toString(), "--dry-run", "restore", "--database", "app", "--into", "app_dry", "--globals");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("would run: ") && l.contains("/pg_restore --exit-on-error")), r::toString);
        assertTrue(r.out().contains("dry run: nothing was restored"), r::toString);
        assertFalse(pg.databaseExists("app_dry"));
        assertEquals(0, pg.queryLong("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE 'pgkeeper_restore_%'"));
        assertEquals(before, tree(repo));
    }

    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(Path::toString).sorted().toList();
        }
    }
}
