package io.pgkeeper.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.repository.Repositories;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.Policies;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.testing.TestPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.pgkeeper.testing.ClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import io.pgkeeper.testing.ServerSettings;

/**
 * Scenario 4: the repository's filesystem is full (a small tmpfs; mounting needs root, so the
 * class is skipped elsewhere). dump, basebackup and archive push exit 1 saying "disk full" and
 * naming the path, leave no manifest and no file under a final name, and succeed once space is back.
 */
@ExtendWith(ClusterExtension.class)
class DiskFullIT {
    static TestCluster pg;
    static Path base;
    Path mount;
    Path repo;

    @BeforeAll
    static void start(@ServerSettings({"max_wal_senders=5"}) TestCluster started) {
        pg = started;
        pg.execute("postgres", "CREATE DATABASE app");
        pg.execute("app", "CREATE TABLE t(id int, v text)", "INSERT INTO t SELECT g, md5(g::text) || md5((g * 7)::text) FROM generate_series(1, 20000) g");
        base = Launcher.serverWritableDir();
    }

    @AfterAll
    static void stop() {
        Launcher.deleteQuietly(base);
    }

    @BeforeEach
    void mountSmallFilesystem() throws Exception {
        mount = Files.createTempDirectory(base, "small-fs-");
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=8m,mode=0755", "tmpfs", mount.toString()) == 0,
                "cannot mount a tmpfs here (needs root)");
        repo = mount.resolve("repo");
    }

    @AfterEach
    void unmount() throws Exception {
        run("umount", mount.toString());
    }

    @Test
    void dumpFailsWithDiskFullLeavesNothingAndSucceedsOnceSpaceReturns() throws Exception {
        Path policy = TestPolicy.write(Files.createDirectories(base.resolve("dump-" + mount.getFileName())), pg, repo);
        Path filler = fillLeaving(64 * 1024);
        Cli.Result r = Cli.run("--policy", policy.toString(), "dump", "--database", "app");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("disk full while writing " + repo.resolve("main/logical")), r::toString);
        assertFalse(r.err().contains("\tat "), r::toString);
        assertEquals(List.of(), Faults.files(repo, "manifest.json"));
        assertEquals(List.of(), Faults.dirs(repo.resolve("main/logical")), "the failed attempt is removed");
        assertEquals(List.of(), Faults.listed(policy));

        Files.delete(filler);
        Cli.Result again = Cli.run("--policy", policy.toString(), "dump", "--database", "app");
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(List.of(again.out().trim()), Faults.listed(policy));
    }

    @Test
    void baseBackupFailsWithDiskFullLeavesNothingAndSucceedsOnceSpaceReturns() throws Exception {
        Path policy = TestPolicy.write(Files.createDirectories(base.resolve("bb-" + mount.getFileName())), pg, repo);
        Cli.Result r = Cli.run("--policy", policy.toString(), "basebackup");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("disk full while writing " + repo.resolve("main/physical")), r::toString);
        assertEquals(List.of(), Faults.files(repo, "manifest.json"));
        assertEquals(List.of(), Faults.dirs(repo.resolve("main/physical")));

        assertEquals(0, run("mount", "-o", "remount,size=256m", mount.toString()));
        Cli.Result again = Cli.run("--policy", policy.toString(), "basebackup");
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(1, Faults.files(repo, "manifest.json").size());
    }

    @Test
    void archivePushFailsWithDiskFullLeavesNoFileAndSucceedsOnceSpaceReturns() throws Exception {
        pg.execute("postgres", "CHECKPOINT");
        String name = pg.queryString("postgres", "SELECT pg_walfile_name(pg_current_wal_lsn())");
        Path src = Files.createDirectories(base.resolve("wal-" + mount.getFileName())).resolve(name);
        Files.copy(pg.server().dataDir().resolve("pg_wal").resolve(name), src);
        Path policy = Policies.write(src.getParent(), repo, Policies.connection(5432, "postgres"), "");
        WalArchive archive = Repositories.archive(repo.resolve("main"));

        Cli.Result r = Cli.run("archive", "push", "--policy", policy.toString(), "--cluster", "main", src.toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("disk full while archiving " + name + " into " + archive.walDir()), r::toString);
        assertTrue(archive.find(name).isEmpty());
        assertEquals(List.of(), entries(archive.walDir()), "no temporary file is left behind either");

        assertEquals(0, run("mount", "-o", "remount,size=64m", mount.toString()));
        Cli.Result again = Cli.run("archive", "push", "--policy", policy.toString(), "--cluster", "main", src.toString());
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(archive.find(name).isPresent());
    }

    /** Fills the filesystem until about {@code free} bytes are left; returns the filler to delete. */
    private Path fillLeaving(long free) throws IOException {
        Path filler = mount.resolve("filler");
        long size = mount.toFile().getUsableSpace() - free;
        byte[] chunk = new byte[64 * 1024];
        try (var out = Files.newOutputStream(filler)) {
            for (long written = 0; written < size; written += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
            }
        }
        return filler;
    }

    private static List<String> entries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static int run(String... argv) throws Exception {
        return new ProcessBuilder(argv).inheritIO().start().waitFor();
    }
}
