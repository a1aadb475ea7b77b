package io.pgkeeper.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.testing.TestPolicy;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.pgkeeper.testing.ClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import io.pgkeeper.testing.ServerSettings;

/**
 * Scenario 5: damaged backups. A flipped byte, a truncated file, a deleted file or a manifest
 * that is not JSON is named, exits 3, and restore refuses (also with --force, which only allows
 * replacing the target directory). One damaged manifest does not hide the cluster's other backups
 * from list. Each test damages a copy of one shared repository.
 */
@ExtendWith(ClusterExtension.class)
class CorruptionIT {
    static TestCluster pg;
    static Path template;
    static String older;
    static String logicalId;
    static String physicalId;

    @TempDir
    Path tmp;

    @BeforeAll
    static void backups(@ServerSettings({"max_wal_senders=5"}) TestCluster started) throws IOException {
        pg = started;
        pg.execute("postgres", "CREATE DATABASE app");
        pg.execute("app", "CREATE TABLE t(id int, v text)", "INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 5000) g");
        Path base = Files.createTempDirectory("pgkeeper-corruption-");
        template = base.resolve("repo");
        Path policy = TestPolicy.write(base, pg, template);
        older = run(policy, "dump", "--database", "app");
        logicalId = run(policy, "dump", "--database", "app");
        physicalId = run(policy, "basebackup");
    }

    @AfterAll
    static void stop() {
        Launcher.deleteQuietly(template.getParent());
    }

    @Test
    void aFlippedByteInTheBaseTarIsRefusedEvenWithForce() throws IOException {
        Path policy = copy();
        Path tar = physical().resolve("base.tar");
        Faults.flipByte(tar, Files.size(tar) / 2);
        Path target = tmp.resolve("pgdata");
        for (List<String> extra : List.of(List.<String>of(), List.of("--force"))) {
            Cli.Result r = restorePhysical(policy, target, extra);
            assertEquals(3, r.exitCode(), r::toString);
            assertTrue(r.err().contains("backup " + physicalId + " is corrupted; nothing was restored"), r::toString);
            assertTrue(r.err().contains("base.tar: sha256 "), r::toString);
            assertFalse(Files.exists(target), "nothing was written");
        }
        Cli.Result verify = Cli.run("--policy", policy.toString(), "verify", "--backup", physicalId, "--kind", "physical");
        assertEquals(3, verify.exitCode(), verify::toString);
    }

    @Test
    void aTruncatedBaseTarIsRefused() throws IOException {
        Path policy = copy();
        truncate(physical().resolve("base.tar"), 4096);
        Cli.Result r = restorePhysical(policy, tmp.resolve("pgdata"), List.of());
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.err().contains("base.tar: size is 4096 bytes, manifest says "), r::toString);
    }

    @Test
    void aTruncatedDumpIsRefusedByRestoreAndVerify() throws IOException {
        Path policy = copy();
        Path dump = logical(logicalId).resolve("app.dump");
        truncate(dump, Files.size(dump) / 2);
        Cli.Result r = restoreLogical(policy, logicalId, "trunc");
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.err().contains("app.dump: size is "), r::toString);
        assertTrue(r.err().contains("(truncated or altered)"), r::toString);
        assertFalse(pg.databaseExists("trunc"));
        Cli.Result verify = Cli.run("--policy", policy.toString(), "verify", "--backup", logicalId);
        assertEquals(3, verify.exitCode(), verify::toString);
        assertTrue(verify.out().contains("app.dump") || verify.err().contains("app.dump"), verify::toString);
    }

    @Test
    void aDeletedFileIsRefused() throws IOException {
        Path policy = copy();
        Files.delete(logical(logicalId).resolve("app.dump"));
        Cli.Result r = restoreLogical(policy, logicalId, "deleted");
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.err().contains("app.dump: file is missing"), r::toString);
        assertFalse(pg.databaseExists("deleted"));

        Path p2 = copy();
        Files.delete(physical().resolve("pg_wal.tar"));
        Cli.Result phys = restorePhysical(p2, tmp.resolve("pgdata-deleted"), List.of("--force"));
        assertEquals(3, phys.exitCode(), phys::toString);
        assertTrue(phys.err().contains("pg_wal.tar: file is missing"), phys::toString);
    }

    @Test
    void aManifestThatIsNotJsonIsNamedByListAndRefusedByRestoreAndVerify() throws IOException {
        Path policy = copy();
        Path manifest = logical(logicalId).resolve("manifest.json");
        Files.writeString(manifest, "{\"id\": \"" + logicalId + "\", \"files\": [ {\"pa");

        Cli.Result list = Cli.run("--policy", policy.toString(), "list");
        assertEquals(3, list.exitCode(), list::toString);
        assertTrue(list.out().contains(older) && list.out().contains(physicalId), "the good backups are still listed: " + list);
        assertFalse(list.out().lines().anyMatch(l -> l.matches(logicalId + " +logical .*")), list::toString);
        assertTrue(list.err().contains("logical backup " + logicalId + " is damaged and not listed: " + manifest + " is not a valid manifest"),
                list::toString);
        assertFalse(list.err().contains("\tat "), list::toString);

        Cli.Result json = Cli.run("--policy", policy.toString(), "--json", "list");
        assertEquals(3, json.exitCode(), json::toString);
        assertEquals(2, Faults.json(json).size(), "stdout is still the array of readable backups: " + json);

        Cli.Result restore = restoreLogical(policy, logicalId, "damaged");
        assertEquals(3, restore.exitCode(), restore::toString);
        assertTrue(restore.err().contains("is not a valid manifest"), restore::toString);
        Cli.Result verify = Cli.run("--policy", policy.toString(), "verify", "--backup", logicalId);
        assertEquals(3, verify.exitCode(), verify::toString);

        // another backup of the cluster is still restorable by its id
        Cli.Result good = restoreLogical(policy, older, "still_good");
        assertEquals(0, good.exitCode(), good::toString);
        assertEquals(5000, pg.queryLong("still_good", "SELECT count(*) FROM t"));
    }

    // ---- helpers

    private Path copy() throws IOException {
        Path repo = tmp.resolve("repo-" + System.nanoTime());
        try (Stream<Path> walk = Files.walk(template)) {
            for (Path p : walk.toList()) {
                Path to = repo.resolve(template.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        current = repo;
        Path dir = Files.createDirectories(tmp.resolve("policy-" + System.nanoTime()));
        return TestPolicy.write(dir, pg, repo);
    }

    private Path current;

    private Path logical(String id) {
        return current.resolve("main/logical").resolve(id);
    }

    private Path physical() {
        return current.resolve("main/physical").resolve(physicalId);
    }

    private static Cli.Result restorePhysical(Path policy, Path target, List<String> extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--policy", policy.toString(), "restore", "--backup", physicalId,
                "--pgdata", target.toString()));
        args.addAll(extra);
        return Cli.run(args.toArray(String[]::new));
    }

    private static Cli.Result restoreLogical(Path policy, String id, String into) {
        return Cli.run("--policy", policy.toString(), "restore", "--backup", id, "--database", "app", "--into", into);
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    private static String run(Path policy, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--policy";
        all[1] = policy.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        Cli.Result r = Cli.run(all);
        assertEquals(0, r.exitCode(), r::toString);
        return r.out().trim().lines().findFirst().orElseThrow();
    }
}
