package io.pgkeeper.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.crypto.AgeIdentity;
import io.pgkeeper.postgres.LocalServer;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.Processes;
import io.pgkeeper.testing.TestCluster;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Physical backups and the WAL archive in an encrypted POSIX repository: the primary archives
 * asynchronously through a policy without the identity (a database host needs no secret), a
 * base backup is taken without it, and a point-in-time restore with it replays encrypted WAL
 * fetched by archive get to the target. The marker in row data and a table name never reaches
 * the repository; archive get without the identity stops recovery (exit 126, not "not archived").
 */
class EncryptedPhysicalIT {
    static final String MARKER = "pqzmarker4417";
    static TestCluster primary;
    static Path dir;
    static Path writer;
    static Path reader;
    static Path syncWriter;
    static Path syncReader;
    static String backupId;
    static String timeBetween;

    @BeforeAll
    static void setUp() throws Exception {
        dir = Launcher.serverWritableDir();
        Path repo = dir.resolve("repo");
        Path state = Files.createDirectory(dir.resolve("state"));
        Path spool = Files.createDirectory(dir.resolve("spool"));
        Launcher.giveToServer(spool);
        AgeIdentity key = AgeIdentity.generate();
        Path identity = EncryptedRepository.identityFile(dir, "identity.txt", key);
        Launcher.giveToServer(identity); // restore_command runs as the server's user and decrypts
        String cluster = "    archive:\n      launcher: " + Launcher.script() + "\n      async: true\n      spoolDir: " + spool + "\n";
        writer = Launcher.readable(EncryptedRepository.policy(dir.resolve("writer.yaml"),
                EncryptedRepository.repositoryYaml(repo, state, List.of(key), null), 0, cluster));
        String push = Launcher.script() + " archive push --quiet --policy " + writer + " --cluster main %p";
        primary = TestCluster.start(Map.of("wal_level", "replica", "archive_mode", "on", "archive_command", "'" + push + "'",
                "max_wal_senders", "5"));
        writer = Launcher.readable(EncryptedRepository.policy(writer, EncryptedRepository.repositoryYaml(repo, state, List.of(key), null),
                primary.port(), cluster));
        reader = Launcher.readable(EncryptedRepository.policy(dir.resolve("reader.yaml"),
                EncryptedRepository.repositoryYaml(repo, state, List.of(key), identity), primary.port(), cluster));
        syncWriter = Launcher.readable(EncryptedRepository.policy(dir.resolve("sync-writer.yaml"),
                EncryptedRepository.repositoryYaml(repo, state, List.of(key), null), primary.port(), ""));
        syncReader = Launcher.readable(EncryptedRepository.policy(dir.resolve("sync-reader.yaml"),
                EncryptedRepository.repositoryYaml(repo, state, List.of(key), identity), primary.port(), ""));
        primary.execute("postgres", "CREATE TABLE t_" + MARKER + " (batch text, n int, note text)");
        Cli.Result bb = Cli.run("--policy", writer.toString(), "basebackup");
        assertEquals(0, bb.exitCode(), bb::toString);
        backupId = bb.out().trim();
        primary.execute("postgres", "INSERT INTO t_" + MARKER + " SELECT 'A', g, 'secret " + MARKER + "' FROM generate_series(1, 100) g");
        Thread.sleep(1100);
        timeBetween = primary.queryString("postgres", "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
        Thread.sleep(1100);
        primary.execute("postgres", "INSERT INTO t_" + MARKER + " SELECT 'B', g, 'later " + MARKER + "' FROM generate_series(1, 50) g");
        primary.switchWalAndWaitArchived();
        primary.execute("postgres", "CREATE TABLE filler AS SELECT 1 AS x");
        primary.switchWalAndWaitArchived();
    }

    @AfterAll
    static void tearDown() {
        if (primary != null) {
            primary.close();
        }
        Launcher.deleteQuietly(dir);
    }

    @Test
    void pointInTimeRestoreReplaysEncryptedWalAndNoPlaintextReachesTheRepository() throws Exception {
        EncryptedRepository.assertNoMarker(dir.resolve("repo"), MARKER);
        try (Stream<Path> s = Files.list(dir.resolve("repo/main/wal"))) {
            List<Path> wal = s.filter(p -> p.getFileName().toString().matches("[0-9A-F]{24}-[0-9a-f]{64}")).toList();
            assertTrue(wal.size() >= 2, wal::toString);
            assertTrue(Files.readString(wal.get(0), java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("age-encryption.org/v1\n"));
        }
        Cli.Result list = Cli.run("--policy", writer.toString(), "list", "--kind", "physical", "--json");
        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.out().contains(backupId) && list.out().contains("\"startWalSegment\""), list::toString);
        Cli.Result check = Cli.run("--policy", writer.toString(), "archive", "check");
        assertEquals(0, check.exitCode(), check::toString);

        Path target = dir.resolve("restored");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli.Result r = Cli.run("--policy", reader.toString(), "restore", "--pgdata", target.toString(), "--start", "--port",
                Integer.toString(port), "--no-archive", "--target-time", timeBetween);
        assertEquals(0, r.exitCode(), r::toString);
        try {
            LocalServer s = LocalServer.adopt(Processes.runner(), TestCluster.serverTools(), target, target, port, Processes.asServer(),
                    Duration.ofMinutes(1));
            try (var c = s.access().connect("postgres"); var st = c.createStatement();
                    var rs = st.executeQuery("SELECT count(*) FILTER (WHERE batch = 'A'), count(*) FILTER (WHERE batch = 'B') FROM t_" + MARKER)) {
                rs.next();
                assertEquals(100, rs.getLong(1));
                assertEquals(0, rs.getLong(2));
            }
            io.pgkeeper.testing.Amcheck.check(port);
        } finally {
            Processes.runner().run(ToolCall.of("pg_ctl", List.of(TestCluster.serverTools().bin("pg_ctl"), "--pgdata=" + target,
                    "--mode=immediate", "--wait", "stop"), Map.of(), Duration.ofMinutes(1)).runningAs(Optional.of(TestCluster.OS_USER)));
        }
        Cli.Result verify = Cli.run("--policy", reader.toString(), "verify", "--kind", "physical", "--backup", backupId);
        assertEquals(0, verify.exitCode(), verify::toString);
        Cli.Result verifyBlind = Cli.run("--policy", writer.toString(), "verify", "--kind", "physical", "--backup", backupId);
        assertEquals(1, verifyBlind.exitCode(), verifyBlind::toString);
        EncryptedRepository.assertNoMarker(dir.resolve("repo"), MARKER);
    }

    @Test
    void archiveGetWithoutTheIdentityStopsRecoveryInsteadOfEndingIt() throws Exception {
        String segment;
        try (Stream<Path> s = Files.list(dir.resolve("repo/main/wal"))) {
            segment = s.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9A-F]{24}-[0-9a-f]{64}")).sorted().findFirst()
                    .orElseThrow().substring(0, 24);
        }
        Path dest = dir.resolve("fetched");
        Cli.Result noKey = Cli.run("--policy", writer.toString(), "archive", "get", segment, dest.toString());
        assertEquals(126, noKey.exitCode(), noKey::toString);
        assertTrue(noKey.err().contains("identityFile"), noKey::toString);
        assertTrue(Files.notExists(dest));
        Cli.Result withKey = Cli.run("--policy", reader.toString(), "archive", "get", segment, dest.toString());
        assertEquals(0, withKey.exitCode(), withKey::toString);
        assertEquals(16 << 20, Files.size(dest));
        // the format is age's own: the age tool reads an archived segment with the same identity
        Cli.Result byHand = io.pgkeeper.testing.Shell.sh(dir, Map.of("PATH", "/usr/bin:/bin"), "age -d -i " + dir.resolve("identity.txt")
                + " -o " + dir.resolve("by-hand") + " " + dir.resolve("repo/main/wal").toString() + "/" + segment + "-*");
        assertEquals(0, byHand.exitCode(), byHand::toString);
        assertEquals(-1L, Files.mismatch(dest, dir.resolve("by-hand")));

        // a repeated push compares plaintext, which takes the identity: without it, a refusal (PostgreSQL retries)
        Path again = Files.createDirectories(dir.resolve("again")).resolve(segment);
        Files.copy(dest, again);
        Cli.Result blind = Cli.run("--policy", syncWriter.toString(), "archive", "push", again.toString());
        assertEquals(1, blind.exitCode(), blind::toString);
        assertTrue(blind.err().contains("cannot tell whether it is the same content"), blind::toString);
        Cli.Result same = Cli.run("--policy", syncReader.toString(), "archive", "push", again.toString());
        assertEquals(0, same.exitCode(), same::toString);
        try (var ch = java.nio.channels.FileChannel.open(again, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), 100_000); // past the page header: another content
        }
        Cli.Result different = Cli.run("--policy", syncReader.toString(), "archive", "push", again.toString());
        assertEquals(1, different.exitCode(), different::toString);
        assertTrue(different.err().contains("already holds a different file"), different::toString);

        Cli.Result missing = Cli.run("--policy", reader.toString(), "archive", "get", "0000000100000000000000FF", dest.toString());
        assertEquals(1, missing.exitCode(), missing::toString);
    }
}
