package io.pgkeeper.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.testing.TestPolicy;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.pgkeeper.testing.ClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ClusterExtension.class)
class DumpRoundTripIT {
    static TestCluster pg;

    @BeforeAll
    static void start(TestCluster started) {
        pg = started;
        pg.execute("postgres", "CREATE DATABASE app");
        pg.execute("app", "CREATE TABLE users(id serial primary key, name text)", "INSERT INTO users(name) SELECT 'u' || g FROM generate_series(1, 500) g");
    }

    @Test
    void dumpListRestore(@TempDir Path tmp) {
        Path policy = TestPolicy.write(tmp, pg, tmp.resolve("repo"));
        Cli.Result dump = Cli.run("--policy", policy.toString(), "dump");
        assertEquals(0, dump.exitCode(), dump::toString);
        String id = dump.out().trim();
        Cli.Result list = Cli.run("list", "--policy", policy.toString());
        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.out().contains(id), list::toString);
        Cli.Result restore = Cli.run("restore", "--policy", policy.toString(), "--backup", id, "--database", "app", "--into", "app_copy");
        assertEquals(0, restore.exitCode(), restore::toString);
        assertEquals(500, pg.queryLong("app_copy", "SELECT count(*) FROM users"));
    }
}
