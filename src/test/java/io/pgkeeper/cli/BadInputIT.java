package io.pgkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Policies;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.testing.TestPolicy;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.pgkeeper.testing.ClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every bad input gets its exit code, a message that names the problem, no stack trace, and no change. */
@ExtendWith(ClusterExtension.class)
class BadInputIT {
    static TestCluster pg;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start(TestCluster started) {
        pg = started;
        pg.execute("postgres", "CREATE DATABASE app");
        pg.execute("app", "CREATE TABLE t(id int)", "INSERT INTO t VALUES (1)");
    }

    private static void assertClean(Cli.Result r) {
        assertFalse(r.err().contains("\tat "), () -> "stack trace without --verbose:\n" + r);
        assertFalse(r.err().contains("Exception"), () -> "exception name without --verbose:\n" + r);
    }

    private void assertRepoUntouched(Path repo) {
        assertFalse(Files.exists(repo), () -> repo + " was created");
    }

    @Test
    void invalidYaml() throws IOException {
        Path policy = tmp.resolve("bad.yaml");
        Files.writeString(policy, "version: 1\nrepository:\n  path: " + tmp.resolve("repo") + "\nclusters:\n  main:\n    connection: [unclosed\n");
        Cli.Result r = Cli.run("--policy", policy.toString(), "dump");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(Pattern.compile(Pattern.quote(policy.toString()) + ":\\d+:\\d+: ").matcher(r.err()).find(), r::toString);
        assertClean(r);
        assertRepoUntouched(tmp.resolve("repo"));
        Cli.Result validate = Cli.run("policy", "validate", "--policy", policy.toString());
        assertEquals(2, validate.exitCode(), validate::toString);
    }

    @Test
    void unknownCluster() {
        Path policy = TestPolicy.write(tmp, pg, tmp.resolve("repo"));
        Cli.Result r = Cli.run("--policy", policy.toString(), "--cluster", "nope", "dump");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("nope") && r.err().contains("main"), r::toString);
        assertClean(r);
        assertRepoUntouched(tmp.resolve("repo"));
    }

    @Test
    void unknownDatabase() {
        Path policy = TestPolicy.write(tmp, pg, tmp.resolve("repo"));
        Cli.Result r = Cli.run("--policy", policy.toString(), "dump", "--database", "nope");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("unknown database \"nope\" on 127.0.0.1:" + pg.port()), r::toString);
        assertTrue(r.err().contains("app"), () -> "lists the databases there: " + r);
        assertClean(r);
        assertRepoUntouched(tmp.resolve("repo"));
    }

    @Test
    void unreachableServer() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path policy = Policies.write(tmp, tmp.resolve("repo"), Policies.connection(port, "postgres"), "");
        Cli.Result r = Cli.run("--policy", policy.toString(), "dump");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("cannot connect to 127.0.0.1:" + port + " as postgres"), r::toString);
        assertTrue(r.err().contains("refused"), () -> "gives the driver's reason: " + r);
        assertClean(r);
        assertRepoUntouched(tmp.resolve("repo"));
    }

    @Test
    void repositoryThatCannotBeWritten() throws IOException {
        Path file = Files.writeString(tmp.resolve("file.txt"), "not a directory");
        Path repo = file.resolve("repo");
        Path policy = TestPolicy.write(tmp, pg, repo);
        Cli.Result r = Cli.run("--policy", policy.toString(), "dump");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("repository path " + repo), r::toString);
        assertTrue(r.err().contains("cannot be written"), r::toString);
        assertClean(r);
        assertEquals("not a directory", Files.readString(file));
    }

    @Test
    void backupIdThatDoesNotExist() {
        Path policy = TestPolicy.write(tmp, pg, tmp.resolve("repo"));
        Cli.Result r = Cli.run("--policy", policy.toString(), "restore", "--backup", "20200101T000000Z", "--database", "app", "--into", "never");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("no backup 20200101T000000Z for cluster main"), r::toString);
        assertClean(r);
        assertFalse(pg.databaseExists("never"));
        Cli.Result latest = Cli.run("--policy", policy.toString(), "restore", "--database", "app", "--into", "never");
        assertEquals(2, latest.exitCode(), latest::toString);
        assertTrue(latest.err().contains("has no completed logical backup"), latest::toString);
        assertClean(latest);
        assertRepoUntouched(tmp.resolve("repo"));
    }

    @Test
    void backupIdWithPathTraversal() throws IOException {
        Path repo = tmp.resolve("repo");
        Path policy = TestPolicy.write(tmp, pg, repo);
        Cli.Result r = Cli.run("--policy", policy.toString(), "restore", "--backup", "../../etc", "--database", "app", "--into", "never");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("'../../etc' is not a backup id"), r::toString);
        assertClean(r);
        assertFalse(pg.databaseExists("never"));
    }

    @Test
    void verboseAddsTheStackTrace() {
        Path policy = TestPolicy.write(tmp, pg, tmp.resolve("repo"));
        Cli.Result r = Cli.run("--policy", policy.toString(), "--verbose", "dump", "--database", "nope");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("unknown database \"nope\""), r::toString);
        assertTrue(r.err().contains("\tat "), () -> "--verbose shows the stack trace: " + r);
    }

    @Test
    void jsonErrorDocument() {
        Path policy = TestPolicy.write(tmp, pg, tmp.resolve("repo"));
        Cli.Result r = Cli.run("--policy", policy.toString(), "--json", "dump", "--database", "nope");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.out().contains("\"exitCode\" : 2") && r.out().contains("unknown database"), r::toString);
    }
}
