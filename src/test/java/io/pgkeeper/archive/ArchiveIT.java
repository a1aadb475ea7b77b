package io.pgkeeper.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.repository.Checksums;
import io.pgkeeper.repository.ClusterLock;
import io.pgkeeper.repository.LockName;
import io.pgkeeper.repository.Repositories;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.Policies;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.util.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server whose archive_command is {@code pgkeeper archive push}, run by PostgreSQL itself
 * (as OS user postgres) through {@link Launcher}. Tests that damage an archive work on a copy.
 */
class ArchiveIT {
    static Path shared;
    static Path repo;
    static Path policy;
    static TestCluster pg;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        shared = Launcher.serverWritableDir();
        repo = shared.resolve("repo");
        // the server archives before its port is known; archive push never connects, so any port does
        policy = Launcher.readable(Policies.write(shared, repo, Policies.connection(5432, "postgres"), ""));
        String archiveCommand = Launcher.script() + " archive push --policy " + policy + " --cluster main %p";
        pg = TestCluster.start(Map.of("wal_level", "replica", "archive_mode", "on", "archive_command", "'" + archiveCommand + "'"));
        pg.execute("postgres", "CREATE TABLE filler(id int, payload text)");
    }

    @AfterAll
    static void stop() {
        try {
            if (pg != null) {
                pg.close();
            }
        } finally {
            Launcher.deleteQuietly(shared);
        }
    }

    @Test
    void theServerArchivesRealSegments() throws IOException {
        long before = archivedCount();
        List<String> switched = switchWal(3);
        awaitArchived(before + 3);
        assertEquals(0, pg.queryLong("postgres", "SELECT failed_count FROM pg_stat_archiver"), this::serverLog);
        WalArchive archive = serverArchive();
        for (String name : switched) {
            ArchivedFile f = archive.find(name).orElseThrow(() -> new AssertionError(name + " not archived: " + archiveListing()));
            assertEquals(Compression.NONE, f.compression());
            assertEquals(16L * 1024 * 1024, Files.size(f.path()));
            assertEquals(Checksums.sha256(f.path()), f.sha256());
        }
        String sysid = pg.queryString("postgres", "SELECT system_identifier::text FROM pg_control_system()");
        assertEquals(new ArchiveIdentity(sysid, 16L * 1024 * 1024), archive.identity().orElseThrow());
        assertTrue(WalArchiveTest.leftovers(archive.walDir()).isEmpty(), () -> archiveListing().toString());
    }

    @Test
    void walHeaderOfARealSegment() throws IOException {
        pg.execute("postgres", "CHECKPOINT");
        String name = pg.queryString("postgres", "SELECT pg_walfile_name(pg_current_wal_lsn())");
        byte[] head = new byte[WalHeader.LENGTH];
        try (var in = Files.newInputStream(pg.server().dataDir().resolve("pg_wal").resolve(name))) {
            assertEquals(WalHeader.LENGTH, in.readNBytes(head, 0, head.length));
        }
        WalHeader h = WalHeader.parse(head).orElseThrow();
        assertEquals(pg.queryString("postgres", "SELECT system_identifier::text FROM pg_control_system()"), h.systemIdentifierText());
        assertEquals(pg.queryLong("postgres", "SELECT setting::bigint FROM pg_settings WHERE name = 'wal_segment_size'"), h.segmentSize());
        assertEquals(pg.queryLong("postgres", "SELECT setting::bigint FROM pg_settings WHERE name = 'wal_block_size'"), h.blockSize());
        assertEquals(WalNames.timeline(name), h.timeline());
        assertEquals(WalNames.segmentNumber(name, h.segmentSize()) * h.segmentSize(), h.pageAddress());
    }

    @Test
    void identicalRePushIsDoneAndDifferentContentChangesNothing() throws IOException {
        String name = archivedSegment();
        Path source = fetch(name);
        ArchivedFile stored = serverArchive().find(name).orElseThrow();
        byte[] storedBefore = Files.readAllBytes(stored.path());
        List<String> listingBefore = archiveListing();

        Cli.Result same = launch("archive", "push", "--policy", policy.toString(), "--cluster", "main", source.toString());
        assertEquals(0, same.exitCode(), same::toString);
        assertTrue(same.err().contains("already archived with identical content"), same::toString);

        byte[] changed = Files.readAllBytes(source);
        changed[20000] ^= 0x01;
        Files.write(source, changed);
        Cli.Result different = launch("archive", "push", "--policy", policy.toString(), "--cluster", "main", source.toString());
        assertEquals(1, different.exitCode(), different::toString);
        assertTrue(different.err().contains("refusing to archive " + name), different::toString);
        assertTrue(different.err().contains("split brain"), different::toString);

        assertArrayEquals(storedBefore, Files.readAllBytes(stored.path()));
        assertEquals(listingBefore, archiveListing());
    }

    @Test
    void aSegmentOfAnotherClusterIsRefused() throws IOException {
        Path foreign;
        try (TestCluster other = TestCluster.start()) {
            other.execute("postgres", "CHECKPOINT");
            String name = other.queryString("postgres", "SELECT pg_walfile_name(pg_current_wal_lsn())");
            // a name this archive has not seen, so only the system identifier can refuse it
            foreign = Files.createDirectories(tmp.resolve("foreign")).resolve("0000000100000000000000F0");
            Files.copy(other.server().dataDir().resolve("pg_wal").resolve(name), foreign);
            String otherSysid = other.queryString("postgres", "SELECT system_identifier::text FROM pg_control_system()");
            assertNotEquals(pg.queryString("postgres", "SELECT system_identifier::text FROM pg_control_system()"), otherSysid);
        }
        archivedSegment(); // the archive's identity is recorded
        Cli.Result r = launch("archive", "push", "--policy", policy.toString(), "--cluster", "main", foreign.toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("system identifier"), r::toString);
        assertTrue(serverArchive().find("0000000100000000000000F0").isEmpty());
    }

    @Test
    void getOfAMissingFileExitsOneAndCreatesNothing() throws IOException {
        Path pgWal = Files.createDirectories(tmp.resolve("pg_wal"));
        Path dest = pgWal.resolve("RECOVERYXLOG");
        assertTrue(serverArchive().find("0000000100000000000000EE").isEmpty());
        Cli.Result r = Cli.run("archive", "get", "--policy", policy.toString(), "--cluster", "main", "0000000100000000000000EE", dest.toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals("", r.err(), "not archived is the normal end of recovery: no message at the default level");
        assertEquals(List.of(), WalArchiveTest.list(pgWal));

        Cli.Result history = Cli.run("archive", "get", "--policy", policy.toString(), "--cluster", "main", "00000009.history", dest.toString());
        assertEquals(1, history.exitCode(), history::toString);
        assertEquals(List.of(), WalArchiveTest.list(pgWal));
    }

    @Test
    void getOfACorruptedFileExits126AndCreatesNothing() throws IOException {
        String name = archivedSegment();
        Path copy = copyOfServerArchive("");
        ArchivedFile f = Repositories.archive(copy.getParent().resolve("repo/main")).find(name).orElseThrow();
        flipOneByte(f.path(), 100_000);

        Path pgWal = Files.createDirectories(tmp.resolve("pg_wal"));
        Path dest = pgWal.resolve("RECOVERYXLOG");
        Cli.Result r = Cli.run("archive", "get", "--policy", copy.toString(), "--cluster", "main", name, dest.toString());
        assertEquals(126, r.exitCode(), r::toString);
        assertTrue(r.err().contains("corrupted"), r::toString);
        assertTrue(r.err().contains("recovery stops here on purpose"), r::toString);
        assertEquals(List.of(), WalArchiveTest.list(pgWal));

        // the intact archive still serves it
        Cli.Result ok = Cli.run("archive", "get", "--policy", policy.toString(), "--cluster", "main", name, dest.toString());
        assertEquals(0, ok.exitCode(), ok::toString);
        assertEquals(f.sha256(), Checksums.sha256(dest));
    }

    @Test
    void getTurnsEveryOtherFailureInto126() throws IOException {
        Path pgWal = Files.createDirectories(tmp.resolve("pg_wal"));
        Path dest = pgWal.resolve("RECOVERYXLOG");
        for (String bad : List.of("../000000010000000000000001", "00000001000000000000001", "0000000100000000000000011", "x/../../etc/passwd")) {
            Cli.Result r = Cli.run("archive", "get", "--policy", policy.toString(), "--cluster", "main", bad, dest.toString());
            assertEquals(126, r.exitCode(), bad + ": " + r);
        }
        Cli.Result noPolicy = Cli.run("archive", "get", "--policy", tmp.resolve("missing.yaml").toString(), "000000010000000000000001", dest.toString());
        assertEquals(126, noPolicy.exitCode(), noPolicy::toString);
        Cli.Result noCluster = Cli.run("archive", "get", "--policy", policy.toString(), "--cluster", "nope", "000000010000000000000001", dest.toString());
        assertEquals(126, noCluster.exitCode(), noCluster::toString);
        String name = archivedSegment();
        Cli.Result noDir = Cli.run("archive", "get", "--policy", policy.toString(), "--cluster", "main", name, tmp.resolve("gone/RECOVERYXLOG").toString());
        assertEquals(126, noDir.exitCode(), noDir::toString);
        assertEquals(List.of(), WalArchiveTest.list(pgWal));
    }

    @Test
    void checkFindsASegmentDeletedFromTheMiddle() throws IOException {
        long before = archivedCount();
        switchWal(3);
        awaitArchived(before + 3);
        Cli.Result live = Cli.run("archive", "check", "--policy", policy.toString(), "--cluster", "main");
        assertEquals(0, live.exitCode(), live::toString);
        assertTrue(live.out().contains("timeline 1: 000000010000000000000001 .. "), live::toString);
        assertTrue(live.out().lines().anyMatch("ok"::equals), live::toString);

        Path copy = copyOfServerArchive("");
        WalArchive archive = Repositories.archive(copy.getParent().resolve("repo/main"));
        List<ArchivedFile> segments = archive.list().stream().filter(f -> WalNames.isSegment(f.walName())).toList();
        assertTrue(segments.size() >= 3, segments::toString);
        ArchivedFile middle = segments.get(segments.size() / 2);
        Files.delete(middle.path());

        Cli.Result text = Cli.run("archive", "check", "--policy", copy.toString(), "--cluster", "main");
        assertEquals(3, text.exitCode(), text::toString);
        assertTrue(text.out().contains("GAP on timeline 1: " + middle.walName() + " missing (1 segment)"), text::toString);

        Cli.Result json = Cli.run("archive", "check", "--policy", copy.toString(), "--cluster", "main", "--json");
        assertEquals(3, json.exitCode(), json::toString);
        JsonNode doc = Json.mapper().readTree(json.out());
        assertEquals("archive check", doc.get("command").asText());
        assertEquals("main", doc.get("cluster").asText());
        assertFalse(doc.get("ok").asBoolean());
        assertEquals(1, doc.get("gaps").size());
        assertEquals(middle.walName(), doc.get("gaps").get(0).get("from").asText());
        assertEquals(middle.walName(), doc.get("gaps").get(0).get("to").asText());
        assertEquals(1, doc.get("gaps").get(0).get("missing").asLong());
        assertEquals(segments.size() - 1, doc.get("timelines").get(0).get("segments").asLong());
        assertEquals(segments.get(segments.size() - 1).walName(), doc.get("newestSegment").asText());
        assertTrue(doc.get("newestAgeSeconds").asLong() >= 0);
        assertEquals(0, doc.get("missingHistory").size());
        assertEquals(0, doc.get("problems").size());
    }

    @Test
    void killDuringPushLeavesNoFinalNameAndTheRetrySucceeds() throws Exception {
        String name = archivedSegment();
        byte[] content = Files.readAllBytes(fetch(name));
        Path killRepo = tmp.resolve("kill-repo");
        Path killPolicy = Policies.write(Files.createDirectories(tmp.resolve("kill")), killRepo, Policies.connection(5432, "postgres"), "");
        WalArchive archive = Repositories.archive(killRepo.resolve("main"));

        // a FIFO under the segment's name: push reads what the test feeds, then waits for more
        Path source = Files.createDirectories(tmp.resolve("fifo")).resolve(name);
        assertEquals(0, new ProcessBuilder("mkfifo", source.toString()).inheritIO().start().waitFor());
        Process push = new ProcessBuilder(Launcher.script().toString(), "archive", "push", "--policy", killPolicy.toString(), "--cluster", "main",
                source.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("push.log").toFile()).start();
        CountDownLatch killed = new CountDownLatch(1);
        ExecutorService feeder = Executors.newSingleThreadExecutor();
        Future<?> feeding = feeder.submit(() -> {
            try (OutputStream out = Files.newOutputStream(source)) {
                out.write(content, 0, 2 << 20);
                out.flush();
                killed.await(5, TimeUnit.MINUTES);
            } catch (IOException broken) {
                // the reader was killed: EPIPE is expected
            }
            return null;
        });
        try {
            Path partial = awaitTmpFile(archive.walDir(), name, 1 << 20, push);
            push.destroyForcibly(); // SIGKILL
            assertTrue(push.waitFor(1, TimeUnit.MINUTES));
            assertNotEquals(0, push.exitValue());
            killed.countDown();
            feeding.get(1, TimeUnit.MINUTES);

            assertTrue(archive.find(name).isEmpty(), "a killed push must leave no file under the final name");
            List<String> names = WalArchiveTest.list(archive.walDir());
            assertEquals(List.of(partial.getFileName().toString()), names);
            assertTrue(names.get(0).startsWith(".tmp-" + name + "-"), names::toString);
        } finally {
            killed.countDown();
            push.destroyForcibly();
            feeder.shutdownNow();
        }

        // PostgreSQL retries with the whole file
        Files.delete(source);
        Files.write(source, content);
        Cli.Result retry = launch("archive", "push", "--policy", killPolicy.toString(), "--cluster", "main", source.toString());
        assertEquals(0, retry.exitCode(), retry::toString);
        assertEquals(Checksums.sha256(content), archive.find(name).orElseThrow().sha256());
        Path back = tmp.resolve("back");
        Repositories.archive(killRepo.resolve("main")).get(name, back);
        assertArrayEquals(content, Files.readAllBytes(back));
    }

    @Test
    void pushTakesNoLockThatABackupHolds() throws IOException {
        String name = archivedSegment();
        Path source = fetch(name);
        Path lockRepo = tmp.resolve("lock-repo");
        Path lockPolicy = Policies.write(Files.createDirectories(tmp.resolve("lock")), lockRepo, Policies.connection(5432, "postgres"), "");
        try (ClusterLock held = Repositories.at(lockRepo).lock("main", LockName.CLUSTER, "basebackup", Duration.ZERO)) {
            Cli.Result r = launch("archive", "push", "--policy", lockPolicy.toString(), "--cluster", "main", source.toString());
            assertEquals(0, r.exitCode(), r::toString);
        }
        assertTrue(Repositories.archive(lockRepo.resolve("main")).find(name).isPresent());
    }

    @Test
    void gzipAndZstdRoundTrip() throws IOException {
        String name = archivedSegment();
        Path source = fetch(name);
        byte[] content = Files.readAllBytes(source);
        for (String c : List.of("gzip", "zstd")) {
            Path dir = Files.createDirectories(tmp.resolve(c));
            Path p = Policies.write(dir, dir.resolve("repo"), Policies.connection(5432, "postgres"), "    archive:\n      compress: " + c + "\n");
            Cli.Result push = Cli.run("archive", "push", "--policy", p.toString(), "--cluster", "main", source.toString());
            assertEquals(0, push.exitCode(), push::toString);
            ArchivedFile f = Repositories.archive(dir.resolve("repo/main")).find(name).orElseThrow();
            assertEquals(c.equals("gzip") ? Compression.GZIP : Compression.ZSTD, f.compression());
            assertTrue(Files.size(f.path()) < content.length, c + " stored " + Files.size(f.path()) + " bytes");
            Path dest = dir.resolve("RECOVERYXLOG");
            Cli.Result get = Cli.run("archive", "get", "--policy", p.toString(), "--cluster", "main", name, dest.toString());
            assertEquals(0, get.exitCode(), get::toString);
            assertArrayEquals(content, Files.readAllBytes(dest));

            // a damaged compressed file is a decompression or checksum error: recovery must stop
            Files.delete(dest);
            flipOneByte(f.path(), (int) (Files.size(f.path()) / 2));
            Cli.Result bad = Cli.run("archive", "get", "--policy", p.toString(), "--cluster", "main", name, dest.toString());
            assertEquals(126, bad.exitCode(), bad::toString);
            assertFalse(Files.exists(dest));
            assertEquals(List.of(), WalArchiveTest.list(dir).stream().filter(n -> n.contains("RECOVERYXLOG")).toList());
        }
    }

    @Test
    void historyBackupAndPartialNamesAreAcceptedOthersRefused() throws IOException {
        String name = archivedSegment();
        byte[] segment = Files.readAllBytes(fetch(name));
        Path dir = Files.createDirectories(tmp.resolve("names"));
        Path p = Policies.write(dir, dir.resolve("repo"), Policies.connection(5432, "postgres"), "");
        Path src = Files.createDirectories(dir.resolve("src"));
        Map<String, byte[]> files = Map.of(
                "00000002.history", "1\t0/5000000\tno recovery target specified\n".getBytes(StandardCharsets.US_ASCII),
                "000000010000000000000002.00000028.backup", ("START WAL LOCATION: 0/2000028 (file 000000010000000000000002)\n"
                        + "STOP WAL LOCATION: 0/2000100 (file 000000010000000000000002)\n").getBytes(StandardCharsets.US_ASCII),
                name + ".partial", segment);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Path f = Files.write(src.resolve(e.getKey()), e.getValue());
            Cli.Result push = Cli.run("archive", "push", "--policy", p.toString(), "--cluster", "main", f.toString());
            assertEquals(0, push.exitCode(), e.getKey() + ": " + push);
            Path dest = dir.resolve("dest-" + e.getKey());
            Cli.Result get = Cli.run("archive", "get", "--policy", p.toString(), "--cluster", "main", e.getKey(), dest.toString());
            assertEquals(0, get.exitCode(), e.getKey() + ": " + get);
            assertArrayEquals(e.getValue(), Files.readAllBytes(dest), e.getKey());
        }
        for (String bad : List.of("00000001000000000000000G", "0000000100000000000000011", name + ".gz", "RECOVERYXLOG")) {
            Path f = Files.write(src.resolve(bad), segment);
            Cli.Result push = Cli.run("archive", "push", "--policy", p.toString(), "--cluster", "main", f.toString());
            assertEquals(2, push.exitCode(), bad + ": " + push);
        }
        Cli.Result dotdot = Cli.run("archive", "push", "--policy", p.toString(), "--cluster", "main", src + "/..");
        assertEquals(2, dotdot.exitCode(), dotdot::toString);
        assertEquals(3, Repositories.archive(dir.resolve("repo/main")).list().size());
    }

    @Test
    void twoHundredPushesFromFourParallelShellsLoseNothing() throws Exception {
        String name = archivedSegment();
        byte[] real = Files.readAllBytes(fetch(name));
        Path dir = Files.createDirectories(tmp.resolve("parallel"));
        WalArchive archive = Repositories.archive(dir.resolve("repo/main"));
        Path src = Files.createDirectories(dir.resolve("src"));
        List<Path> sources = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            // a real header and some real WAL, then bytes of its own so every file differs
            byte[] content = Arrays.copyOf(real, 96 * 1024 + i);
            content[content.length - 1] = (byte) i;
            content[content.length - 2] = (byte) (i >> 8);
            sources.add(Files.write(src.resolve(WalNames.segmentName(1, 0x1000 + i, 16L * 1024 * 1024)), content));
        }
        // 4 shells, 50 pushes each, every push its own pgkeeper process: as PostgreSQL's archivers would run it
        List<Process> shells = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Compression c = Compression.values()[t % 3];
            Path shellPolicy = dir.resolve("policy-" + t + ".yaml");
            Files.writeString(shellPolicy, "version: 1\nrepository:\n  path: " + dir.resolve("repo") + "\nclusters:\n  main:\n"
                    + "    archive:\n      compress: " + c.name().toLowerCase(java.util.Locale.ROOT) + "\n");
            StringBuilder script = new StringBuilder("set -e\n");
            for (Path s : sources.subList(t * 50, (t + 1) * 50)) {
                script.append(Launcher.script()).append(" archive push --quiet --policy ").append(shellPolicy).append(' ').append(s).append('\n');
            }
            shells.add(new ProcessBuilder("bash", "-c", script.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("shell-" + t + ".log").toFile()).start());
        }
        for (int t = 0; t < 4; t++) {
            assertTrue(shells.get(t).waitFor(10, TimeUnit.MINUTES), "shell " + t + " did not finish");
            int shell = t;
            assertEquals(0, shells.get(t).exitValue(), () -> "shell " + shell + ": " + readQuietly(dir.resolve("shell-" + shell + ".log")));
        }
        assertEquals(200, archive.list().size());
        assertEquals(List.of(), WalArchiveTest.leftovers(archive.walDir()));
        Path dest = dir.resolve("dest");
        for (Path s : sources) {
            archive.get(s.getFileName().toString(), dest);
            assertEquals(Checksums.sha256(s), Checksums.sha256(dest), s.getFileName().toString());
        }
    }

    // ---- helpers

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static WalArchive serverArchive() {
        return Repositories.archive(repo.resolve("main"));
    }

    private static long archivedCount() {
        return pg.queryLong("postgres", "SELECT archived_count FROM pg_stat_archiver");
    }

    /** Writes a little, switches to a new segment, n times; returns the names of the segments switched away from. */
    private static List<String> switchWal(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pg.execute("postgres", "INSERT INTO filler SELECT g, md5(g::text) FROM generate_series(1, 100) g");
            names.add(pg.queryString("postgres", "SELECT pg_walfile_name(pg_switch_wal())"));
        }
        return names;
    }

    private static void awaitArchived(long count) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (archivedCount() < count) {
            if (System.nanoTime() > deadline) {
                fail("the server archived " + archivedCount() + " files, expected " + count + "; last failed: "
                        + pg.queryString("postgres", "SELECT coalesce(last_failed_wal, '-') FROM pg_stat_archiver") + "\n"
                        + String.join("\n", pg.server().logTail(40)));
            }
            sleep(100);
        }
    }

    /** A segment the server has archived. */
    private static synchronized String archivedSegment() {
        String last = pg.queryString("postgres", "SELECT last_archived_wal FROM pg_stat_archiver");
        if (last == null || !WalNames.isSegment(last)) {
            long before = archivedCount();
            switchWal(1);
            awaitArchived(before + 1);
            last = pg.queryString("postgres", "SELECT last_archived_wal FROM pg_stat_archiver");
        }
        return last;
    }

    /** The archived file, restored under its own name into a fresh directory. */
    private Path fetch(String name) throws IOException {
        Path dest = Files.createDirectories(tmp.resolve("fetched-" + System.nanoTime())).resolve(name);
        serverArchive().get(name, dest);
        return dest;
    }

    /** A copy of the server's archive in a repository of its own; returns the policy that names it. */
    private Path copyOfServerArchive(String extraYaml) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("copy-" + System.nanoTime()));
        Path to = dir.resolve("repo/main");
        Path from = repo.resolve("main");
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().startsWith(".")) {
                    Files.copy(p, target);
                }
            }
        }
        return Policies.write(dir, dir.resolve("repo"), Policies.connection(5432, "postgres"), extraYaml);
    }

    private static void flipOneByte(Path file, int offset) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[offset] ^= 0x40;
        Files.write(file, b);
    }

    private static List<String> archiveListing() {
        try {
            return WalArchiveTest.list(serverArchive().walDir()).stream().filter(n -> !n.startsWith(".")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String serverLog() {
        return String.join("\n", pg.server().logTail(40));
    }

    private static Path awaitTmpFile(Path walDir, String name, long atLeast, Process push) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (!push.isAlive()) {
                fail("push ended (exit " + push.exitValue() + ") before the test could kill it");
            }
            if (Files.isDirectory(walDir)) {
                try (Stream<Path> s = Files.list(walDir)) {
                    for (Path p : s.toList()) {
                        if (p.getFileName().toString().startsWith(".tmp-" + name + "-") && Files.size(p) >= atLeast) {
                            return p;
                        }
                    }
                }
            }
            sleep(20);
        }
        return fail("push never wrote " + atLeast + " bytes to a temporary file in " + walDir);
    }

    /** Runs pgkeeper through the launcher script in a child process, as PostgreSQL would. */
    private Cli.Result launch(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(Launcher.script().toString());
        argv.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(tmp, "out", ".txt");
            Path err = Files.createTempFile(tmp, "err", ".txt");
            Process p = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("pgkeeper did not finish: " + argv);
            }
            return new Cli.Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
