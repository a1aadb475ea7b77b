package io.pgkeeper.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.crypto.AgeIdentity;
import io.pgkeeper.encryption.EncryptedRepository;
import io.pgkeeper.postgres.LocalServer;
import io.pgkeeper.testing.Amcheck;
import io.pgkeeper.testing.Copy;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.Processes;
import io.pgkeeper.testing.S3Server;
import io.pgkeeper.testing.TestCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Encryption over an S3 repository, against the real S3Proxy: one primary archiving
 * asynchronously (archive.async, the spool in its default place under stateDir) through a policy
 * that holds only the recipient, a dump and a base backup taken without the identity, then with
 * it: logical restore, verify and a point-in-time restore whose restore_command decrypts WAL
 * fetched from the bucket. A marker in row data, a table name, a database name and a database
 * comment never reaches the bucket's files or the state directory; a missing or wrong identity
 * restores nothing (exit 1) and stops archive get (exit 126), as docs/encryption.md promises.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3EncryptedIT {
    static final String MARKER = "kqvmarker8352";
    static final String DB = "db_" + MARKER;

    @RegisterExtension
    static final S3Server S3 = new S3Server();

    static S3Repo repo;
    static TestCluster primary;
    static Path writer;
    static Path reader;
    static Path stranger;
    static String backupId;
    static String timeBetween;
    static String lastArchived;
    static String dumpId;

    @BeforeAll
    static void setUp() throws Exception {
        repo = S3Repo.create(S3, "enc").withCredentialsFile();
        AgeIdentity key = AgeIdentity.generate();
        Path identity = EncryptedRepository.identityFile(repo.dir(), "identity.txt", key);
        Path wrong = EncryptedRepository.identityFile(repo.dir(), "wrong.txt", AgeIdentity.generate());
        Launcher.giveToServer(identity); // restore_command runs as the server's user and decrypts
        Launcher.giveToServer(wrong);
        String cluster = "    archive:\n      launcher: " + Launcher.script() + "\n      async: true\n";
        writer = repo.dir().resolve("writer.yaml");
        String push = Launcher.script() + " archive push --quiet --policy " + writer + " --cluster main %p";
        primary = TestCluster.start(Map.of("wal_level", "replica", "archive_mode", "on", "archive_command", "'" + push + "'",
                "max_wal_senders", "5"));
        writer = policy("writer", key, null, cluster);
        reader = policy("reader", key, identity, cluster);
        stranger = policy("stranger", key, wrong, cluster);

        primary.execute("postgres", "CREATE DATABASE " + DB, "COMMENT ON DATABASE " + DB + " IS 'comment " + MARKER + "'");
        primary.execute(DB, "CREATE TABLE t_" + MARKER + " (batch text, n int, note text)");
        S3Repo.Run bb = repo.run(writer, "basebackup");
        assertEquals(0, bb.exitCode(), bb::toString);
        backupId = bb.out().trim();
        S3Pitr.Point point = S3Pitr.between(primary, DB, List.of("INSERT INTO t_" + MARKER + " SELECT 'A', g, 'row " + MARKER + " ' || g"
                + " FROM generate_series(1, 100) g"), List.of("INSERT INTO t_" + MARKER + " SELECT 'B', g, 'later " + MARKER + "'"
                + " FROM generate_series(1, 50) g"));
        timeBetween = point.time();
        lastArchived = point.lastArchived();
    }

    @AfterAll
    static void tearDown() {
        S3Pitr.close(primary, repo);
    }

    /** The S3 repository block with encryption to {@code key}, the identity file when given. */
    static Path policy(String name, AgeIdentity key, Path identity, String cluster) throws IOException {
        Path file = repo.dir().resolve(name + ".yaml");
        String enc = "  encryption:\n    recipients: [\"" + key.recipient().encoded() + "\"]\n"
                + (identity == null ? "" : "    identityFile: " + identity + "\n");
        Files.writeString(file, "version: 1\n" + repo.repositoryYaml() + enc + "clusters:\n  main:\n    connection: {host: 127.0.0.1, port: "
                + primary.port() + ", user: postgres}\n    osUser: postgres\n" + cluster);
        return Launcher.readable(file);
    }

    @Test
    @Order(1)
    void dumpListRestoreAndVerifyThroughTheBucket() {
        S3Repo.Run dump = repo.run(writer, "dump");
        assertEquals(0, dump.exitCode(), dump::toString);
        String id = dump.out().trim();
        dumpId = id;
        assertObjectsAreAge();
        S3Repo.Run list = repo.run(writer, "--json", "list");
        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.out().contains(id) && list.out().contains(backupId), list::toString);
        assertFalse(list.out().contains(MARKER), "without the key, list names no database: " + list.out());
        S3Repo.Run listWithKey = repo.run(reader, "--json", "list");
        assertTrue(listWithKey.out().contains(DB), listWithKey::toString);

        S3Repo.Run restore = repo.run(reader, "restore", "--backup", id, "--database", DB, "--into", "back");
        assertEquals(0, restore.exitCode(), restore::toString);
        assertEquals(150, primary.queryLong("back", "SELECT count(*) FROM t_" + MARKER));
        assertEquals(100, primary.queryLong("back", "SELECT count(*) FROM t_" + MARKER + " WHERE note LIKE 'row " + MARKER + " %'"));
        S3Repo.Run verify = repo.run(reader, "verify", "--backup", id);
        assertEquals(0, verify.exitCode(), verify::toString);
    }

    @Test
    @Order(2)
    void pointInTimeRestoreReplaysEncryptedWalFetchedFromTheBucket() throws Exception {
        S3Repo.Run check = repo.run(writer, "archive", "check");
        assertEquals(0, check.exitCode(), check::toString);
        Path target = repo.dir().resolve("restored-time");
        int port = Copy.freePort();
        S3Repo.Run r = repo.run(reader, "restore", "--pgdata", target.toString(), "--start", "--port", Integer.toString(port),
                "--no-archive", "--target-time", timeBetween);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("recovery promoted"), r::toString);
        try {
            Amcheck.check(port);
            try (var c = LocalServer.adopt(null, null, target, target, port, Processes.asServer(), Duration.ofMinutes(1)).access().connect(DB);
                    var st = c.createStatement();
                    var rs = st.executeQuery("SELECT count(*) FILTER (WHERE batch = 'A'), count(*) FILTER (WHERE batch = 'B') FROM t_" + MARKER)) {
                rs.next();
                assertEquals(100, rs.getLong(1), "rows before the target");
                assertEquals(0, rs.getLong(2), "rows after the target");
            }
        } finally {
            S3Pitr.stop(target);
        }
        // the promoted copy will not ask for WAL again: its read-ahead queue (decrypted WAL) is gone with the run
        Thread.sleep(2000); // room for a read-ahead still in flight to land
        assertEquals(List.of(), walCopies(repo.state()), "decrypted WAL left in the state directory after the restore");
        try (Stream<Path> s = Files.walk(repo.state())) {
            List<Path> queue = s.filter(f -> f.getFileName().toString().contains("restored-time")).toList();
            assertEquals(List.of(), queue, "the read-ahead queue of the promoted copy outlived the restore");
        }
    }

    /** Files under {@code root} named as archived WAL or read-ahead entries are ({@code <segment>[-<sha256>]}). */
    private static List<Path> walCopies(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().matches("[0-9A-F]{24}(-[0-9a-f]{64})?")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @Order(3)
    void aMissingOrWrongIdentityRestoresNothingAndStopsArchiveGet() throws Exception {
        assertTrue(dumpId != null, "the dump of the first test exists");
        String id = dumpId;
        S3Repo.Run noKey = repo.run(writer, "restore", "--backup", id, "--database", DB, "--into", "nokey");
        assertEquals(1, noKey.exitCode(), noKey::toString);
        assertTrue(noKey.err().contains("identityFile"), noKey::toString);
        S3Repo.Run wrongKey = repo.run(stranger, "restore", "--backup", id, "--database", DB, "--into", "wrongkey");
        assertEquals(1, wrongKey.exitCode(), wrongKey::toString);
        assertTrue(wrongKey.err().contains("other recipients"), wrongKey::toString);
        assertFalse(primary.databaseExists("nokey") || primary.databaseExists("wrongkey"), "nothing is restored without the right identity");

        Path pgdata = repo.dir().resolve("restored-nokey");
        S3Repo.Run physical = repo.run(stranger, "restore", "--pgdata", pgdata.toString(), "--backup", backupId);
        assertEquals(1, physical.exitCode(), physical::toString);
        assertTrue(isEmptyOrAbsent(pgdata), "no data directory is restored with a wrong identity");

        Path dest = repo.dir().resolve("fetched");
        S3Repo.Run getNoKey = repo.run(writer, "archive", "get", lastArchived, dest.toString());
        assertEquals(126, getNoKey.exitCode(), getNoKey::toString);
        S3Repo.Run getWrong = repo.run(stranger, "archive", "get", lastArchived, dest.toString());
        assertEquals(126, getWrong.exitCode(), getWrong::toString);
        assertTrue(Files.notExists(dest), "nothing is handed to recovery");
        S3Repo.Run get = repo.run(reader, "archive", "get", lastArchived, dest.toString());
        assertEquals(0, get.exitCode(), get::toString);
        assertEquals(16 << 20, Files.size(dest));
        S3Repo.Run absent = repo.run(reader, "archive", "get", "0000000100000000000000FF", repo.dir().resolve("absent").toString());
        assertEquals(1, absent.exitCode(), absent::toString);
    }

    @Test
    @Order(4)
    void noPlaintextInTheBucketNorTheStateDirectoryAfterTheRuns() throws IOException {
        try (Stream<Path> s = Files.walk(repo.state())) {
            List<Path> all = s.toList();
            System.out.println("under stateDir after the runs:\n" + all.stream().map(Path::toString).collect(java.util.stream.Collectors.joining("\n")));
            // archive.async really ran, its spool in the default place under stateDir: the push worker's state is there
            Path push = repo.state().resolve("main/spool/push");
            assertTrue(Files.isRegularFile(push.resolve("state.json")) && Files.isRegularFile(push.resolve("worker.log")), all::toString);
            assertEquals(List.of(), walCopies(repo.state()), "no copy of a WAL segment stays in the state directory");
        }
        assertEquals(List.of(), EncryptedRepository.holding(S3.bucketDir(), MARKER), "plaintext reached the bucket");
        assertEquals(List.of(), EncryptedRepository.holding(repo.state(), MARKER), "plaintext stayed in the state directory");
    }

    /** Every backup file and WAL segment in the bucket is an age object. */
    private static void assertObjectsAreAge() {
        try (Stream<Path> s = Files.walk(repo.objects())) {
            List<Path> files = s.filter(Files::isRegularFile).filter(f -> {
                String n = f.getFileName().toString();
                return n.endsWith(".age") || n.matches("[0-9A-F]{24}-[0-9a-f]{64}");
            }).toList();
            assertTrue(files.size() >= 3, files::toString);
            for (Path f : files) {
                byte[] head = Files.readAllBytes(f);
                String start = new String(head, 0, Math.min(head.length, 22), StandardCharsets.ISO_8859_1);
                assertEquals("age-encryption.org/v1\n", start, f.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isEmptyOrAbsent(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
