package io.pgkeeper.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.ServerUser;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.testing.TestPolicy;
import io.pgkeeper.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.pgkeeper.testing.ClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The repository tells the truth. A repository that the user running pgkeeper cannot read is an
 * error naming the path, that user and the owner, never an empty list; one that does not exist
 * is named as such; a backup id of the other kind says which kind it is.
 */
@ExtendWith(ClusterExtension.class)
class RepositoryAccessIT {
    static TestCluster pg;
    Path dir;

    @BeforeAll
    static void start(TestCluster started) {
        pg = started;
        pg.execute("postgres", "CREATE DATABASE app");
        pg.execute("app", "CREATE TABLE t(id int)", "INSERT INTO t SELECT generate_series(1, 10)");
    }

    @BeforeEach
    void dir() {
        dir = ServerUser.traversableDir("pgkeeper-access-");
    }

    @AfterEach
    void clean() {
        Launcher.deleteQuietly(dir);
    }

    @Test
    void aRootOwnedPrivateRepositorySeenFromTheServersUserIsAnErrorNotAnEmptyRepository() throws IOException {
        Assumptions.assumeTrue(Processes.OS.root(), "needs root to own the repository and runuser to look at it as postgres");
        Path repo = Files.createDirectory(dir.resolve("repo"));
        Files.setPosixFilePermissions(repo, PosixFilePermissions.fromString("rwx------"));
        Path policy = Launcher.readable(TestPolicy.write(dir, pg, repo));
        Cli.Result dump = Cli.run("--policy", policy.toString(), "dump");
        assertEquals(0, dump.exitCode(), dump::toString);
        String id = dump.out().trim();

        List<List<String>> commands = List.of(List.of("list"), List.of("--json", "list"), List.of("status"), List.of("archive", "check"),
                List.of("restore", "--database", "app", "--into", "never"), List.of("restore", "--backup", id, "--database", "app", "--into", "never"),
                List.of("verify"), List.of("prune"));
        for (List<String> command : commands) {
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("--policy", policy.toString()), command.stream())
                    .toArray(String[]::new);
            Cli.Result r = ServerUser.run(args);
            String what = String.join(" ", command) + " as postgres: " + r;
            assertEquals(1, r.exitCode(), what);
            assertTrue(r.err().contains(repo.toString()), "names the path: " + what);
            assertTrue(r.err().contains("as OS user postgres"), "names the user: " + what);
            assertTrue(r.err().contains("owner root"), "names the owner: " + what);
            assertTrue(r.err().contains("chown -R postgres " + repo), "names the fix: " + what);
            assertFalse(r.out().contains("no completed backups") || r.err().contains("no completed") || r.out().contains("ok\n"), what);
            assertFalse(r.err().contains("Exception"), "no exception names without --verbose: " + what);
        }
        Cli.Result get = ServerUser.run("--policy", policy.toString(), "archive", "get", "000000010000000000000001", dir.resolve("seg").toString());
        assertEquals(126, get.exitCode(), "an unreadable archive stops recovery: " + get);
        assertTrue(get.err().contains("owner root"), get::toString);
        Cli.Result asRoot = Cli.run("--policy", policy.toString(), "list");
        assertEquals(0, asRoot.exitCode(), asRoot::toString);
        assertTrue(asRoot.out().contains(id), "root reads it: " + asRoot);
    }

    @Test
    void aBackupDirectoryTheUserCannotEnterFailsTheListingInsteadOfVanishing() throws IOException {
        Assumptions.assumeTrue(Processes.OS.root(), "needs root to make a directory postgres cannot enter");
        Path repo = dir.resolve("repo");
        Path policy = Launcher.readable(TestPolicy.write(dir, pg, repo));
        Cli.Result first = Cli.run("--policy", policy.toString(), "dump");
        Cli.Result second = Cli.run("--policy", policy.toString(), "dump");
        assertEquals(0, first.exitCode() + second.exitCode(), first + "\n" + second);
        Path hidden = repo.resolve("main/logical").resolve(second.out().trim());
        Files.setOwner(hidden, hidden.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("root"));
        Cli.Result r = ServerUser.run("--policy", policy.toString(), "list");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("cannot list " + hidden + " as OS user postgres (owner root"), r::toString);
    }

    @Test
    void aRepositoryThatDoesNotExistIsNamedAsSuch() {
        Path repo = dir.resolve("no/such/repo");
        Path policy = Launcher.readable(TestPolicy.write(dir, pg, repo));
        for (List<String> command : List.of(List.of("list"), List.of("status"), List.of("archive", "check"), List.of("verify"),
                List.of("restore", "--database", "app", "--into", "never"))) {
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("--policy", policy.toString()), command.stream())
                    .toArray(String[]::new);
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.exitCode(), () -> command + ": " + r);
            assertTrue(r.err().contains("the repository " + repo + " does not exist"), () -> command + ": " + r);
            assertFalse(Files.exists(repo), "nothing was created by " + command);
        }
        Cli.Result get = Cli.run("--policy", policy.toString(), "archive", "get", "000000010000000000000001", dir.resolve("seg").toString());
        assertEquals(126, get.exitCode(), "a restore_command pointing nowhere stops recovery instead of ending it: " + get);
        assertTrue(get.err().contains(repo.resolve("main") + " does not exist"), get::toString);
    }

    @Test
    void aBackupIdOfTheOtherKindSaysWhichKindItIsAndWhatToRun() {
        Path repo = dir.resolve("repo");
        Path policy = Launcher.readable(TestPolicy.write(dir, pg, repo));
        Cli.Result dump = Cli.run("--policy", policy.toString(), "dump", "--database", "app");
        Cli.Result base = Cli.run("--policy", policy.toString(), "basebackup");
        assertEquals(0, dump.exitCode() + base.exitCode(), dump + "\n" + base);
        String logical = dump.out().trim();
        String physical = base.out().trim();

        Cli.Result asLogical = Cli.run("--policy", policy.toString(), "restore", "--backup", physical, "--database", "app", "--into", "never");
        assertEquals(2, asLogical.exitCode(), asLogical::toString);
        assertTrue(asLogical.err().contains("backup " + physical + " of cluster main is a physical backup, not a logical one"), asLogical::toString);
        assertTrue(asLogical.err().contains("pgkeeper restore --backup " + physical + " --pgdata DIR"), asLogical::toString);
        assertFalse(asLogical.err().contains("unfinished") || asLogical.err().contains("interrupted"), asLogical::toString);
        assertFalse(pg.databaseExists("never"));

        Path pgdata = dir.resolve("pgdata");
        Cli.Result asPhysical = Cli.run("--policy", policy.toString(), "restore", "--backup", logical, "--pgdata", pgdata.toString());
        assertEquals(2, asPhysical.exitCode(), asPhysical::toString);
        assertTrue(asPhysical.err().contains("is a logical backup, not a physical one"), asPhysical::toString);
        assertTrue(asPhysical.err().contains("--database DB"), asPhysical::toString);
        assertFalse(Files.exists(pgdata.resolve("PG_VERSION")));

        Cli.Result verify = Cli.run("--policy", policy.toString(), "verify", "--backup", physical, "--kind", "logical");
        assertEquals(2, verify.exitCode(), verify::toString);
        assertTrue(verify.err().contains("pgkeeper verify --backup " + physical + " --kind physical"), verify::toString);
    }
}
