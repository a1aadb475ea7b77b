package io.pgkeeper.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgkeeper.repository.Checksums;
import io.pgkeeper.testing.ChildJvm;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Policies;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.testing.TestPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.pgkeeper.testing.ClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** A backup exists only when whole: failures leave no manifest; the manifest says what it must; modes are private. */
@ExtendWith(ClusterExtension.class)
class DumpCompletionIT {
    static TestCluster pg;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start(TestCluster started) {
        pg = started;
        pg.execute("postgres", "CREATE ROLE dumper LOGIN", "CREATE DATABASE app", "CREATE DATABASE locked");
        pg.execute("app", "CREATE TABLE open_data(id int)", "INSERT INTO open_data VALUES (1), (2)", "GRANT SELECT ON open_data TO dumper");
        pg.execute("locked", "CREATE TABLE secret(id int)", "INSERT INTO secret VALUES (42)", "REVOKE ALL ON secret FROM PUBLIC");
    }

    @ParameterizedTest(name = "parallelDatabases {0}")
    @ValueSource(ints = {1, 2})
    void aTableTheRoleCannotReadIsNamedAndLeavesNoManifest(int parallel, @TempDir Path tmp) throws IOException {
        Path repo = tmp.resolve("repo");
        Path policy = Policies.write(tmp, repo, Policies.connection(pg.port(), "dumper"),
                "    logical:\n      globals: none\n      parallelDatabases: " + parallel + "\n");
        Cli.Result r = Cli.run("--policy", policy.toString(), "dump", "--database", "app", "--database", "locked");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("dump of database \"locked\" failed"), r::toString);
        assertTrue(r.err().contains("table public.secret: no SELECT privilege"), () -> "names the table before pg_dump starts: " + r);
        assertEquals(List.of(), manifests(repo));
        assertEquals(List.of(), backupDirs(repo), "the failed attempt is removed");
        Cli.Result list = Cli.run("--policy", policy.toString(), "--json", "list");
        assertEquals(0, list.exitCode(), list::toString);
        assertEquals(0, JSON.readTree(list.out()).size(), list::toString);
    }

    @ParameterizedTest(name = "parallelDatabases {0}")
    @ValueSource(ints = {1, 2})
    void failedPgDumpIsQuotedAndLeavesNoManifest(int parallel, @TempDir Path tmp) throws IOException {
        Path repo = tmp.resolve("repo");
        // a compression method no pg_dump knows: pg_dump itself refuses, with its own words
        Path policy = TestPolicy.write(tmp, pg, repo, "    logical:\n      compress: nosuchmethod\n      parallelDatabases: " + parallel + "\n");
        Cli.Result r = Cli.run("--policy", policy.toString(), "dump", "--database", "app", "--database", "postgres");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("dump of database \"") && r.err().contains("\" failed"), r::toString);
        assertTrue(r.err().contains("pg_dump: ") && r.err().contains("nosuchmethod"), () -> "quotes pg_dump's stderr: " + r);
        assertEquals(List.of(), manifests(repo));
        assertEquals(List.of(), backupDirs(repo), "the failed attempt is removed");
    }

    @Test
    void interruptedDumpKillsPgDumpAndLeavesNoManifest(@TempDir Path tmp) throws Exception {
        Path repo = tmp.resolve("repo");
        Path policy = TestPolicy.write(tmp, pg, repo);
        try (Connection blocker = pg.connect("app"); Statement st = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            // pg_dump waits for this lock, so the run is surely mid-dump when it is stopped
            st.execute("LOCK TABLE open_data IN ACCESS EXCLUSIVE MODE");
            Process child = ChildJvm.start("022", Map.of(), List.of(), tmp.resolve("out.txt"), tmp.resolve("err.txt"),
                    "--policy", policy.toString(), "dump", "--database", "app");
            List<ProcessHandle> dumps = List.of();
            for (int i = 0; i < 600 && dumps.isEmpty(); i++) {
                Thread.sleep(100);
                dumps = child.descendants().filter(h -> h.info().command().orElse("").endsWith("/pg_dump")
                        // the data dump (it streams to stdout: no --file naming the repository), not the version probe
                        && String.join(" ", h.info().arguments().orElse(new String[0])).contains("--format=")).toList();
                if (!child.isAlive()) {
                    break;
                }
            }
            assertFalse(dumps.isEmpty(), () -> "pg_dump never started: " + read(tmp.resolve("err.txt")));
            child.destroy();
            child.waitFor();
            assertTrue(child.exitValue() != 0, "a stopped run does not report success");
            for (ProcessHandle h : dumps) {
                h.onExit().get();
                assertFalse(h.isAlive(), "pg_dump " + h.pid() + " outlived the run that started it");
            }
            blocker.rollback();
        }
        assertEquals(List.of(), manifests(repo));
        Cli.Result list = Cli.run("--policy", policy.toString(), "--json", "list");
        assertEquals(0, JSON.readTree(list.out()).size(), list::toString);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void manifestRecordsWhatItMust(@TempDir Path tmp) throws IOException {
        Path repo = tmp.resolve("repo");
        Path policy = TestPolicy.write(tmp, pg, repo);
        Cli.Result r = Cli.run("--policy", policy.toString(), "--json", "dump", "--database", "app");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode m = JSON.readTree(r.out());
        String id = m.get("id").asText();
        assertTrue(id.matches("\\d{8}T\\d{6}Z"), id);
        Path dir = repo.resolve("main/logical/" + id);
        JsonNode onDisk = JSON.readTree(Files.readString(dir.resolve("manifest.json")));
        onDisk.fieldNames().forEachRemaining(f -> assertEquals(onDisk.get(f), m.get(f), "--json prints the manifest on disk: " + f));
        assertEquals("dump", m.get("command").asText());
        assertTrue(m.get("ok").asBoolean());
        assertEquals(0, m.get("exitCode").asInt());
        assertEquals("main", m.get("cluster").asText());
        assertEquals("logical", m.get("kind").asText());
        String serverVersion = pg.queryString("postgres", "SHOW server_version");
        assertEquals(serverVersion, m.get("serverVersion").asText());
        assertEquals(serverVersion, m.at("/versions/server").asText());
        assertFalse(m.at("/versions/pgkeeper").asText().isBlank());
        assertTrue(m.at("/versions/tools/pg_dump").asText().startsWith(Integer.toString(TestCluster.newestMajor())), m::toString);
        assertEquals(pg.queryString("postgres", "SELECT system_identifier::text FROM pg_control_system()"), m.get("systemIdentifier").asText());
        Instant started = Instant.parse(m.get("startedAt").asText());
        Instant finished = Instant.parse(m.get("finishedAt").asText());
        assertFalse(finished.isBefore(started));
        assertEquals(id.substring(0, 8), started.toString().substring(0, 10).replace("-", ""));

        List<String> paths = new ArrayList<>();
        long total = 0;
        for (JsonNode f : m.get("files")) {
            Path file = dir.resolve(f.get("path").asText());
            paths.add(f.get("path").asText());
            assertEquals(Files.size(file), f.get("sizeBytes").asLong(), file::toString);
            assertEquals(Checksums.sha256(file), f.get("sha256").asText(), file::toString);
            total += f.get("sizeBytes").asLong();
        }
        assertEquals(List.of("app.dump", "app.schema.sql", "globals.sql"), paths);
        assertEquals(total, m.get("sizeBytes").asLong());
        assertEquals("app", m.at("/databases/0/name").asText());
        assertEquals("app.dump", m.at("/databases/0/files/0/path").asText());

        String commands = m.get("commands").toString();
        assertTrue(commands.contains("pg_dumpall") && commands.contains("--roles-only"), commands);
        assertTrue(commands.contains("pg_dump\"") && commands.contains("--dbname=dbname='app'"), commands);
        assertFalse(commands.toLowerCase().contains("password="), commands);

        Cli.Result list = Cli.run("--policy", policy.toString(), "--json", "list");
        JsonNode entry = JSON.readTree(list.out()).get(0);
        for (String key : new String[] {"id", "kind", "cluster", "startedAt", "finishedAt", "sizeBytes", "serverVersion"}) {
            assertNotNull(entry.get(key), () -> "list --json lacks " + key + ": " + list.out());
        }
        assertEquals("app.dump", entry.at("/databases/0/files/0/path").asText(), list.out());
        assertEquals("custom", entry.at("/databases/0/format").asText(), list.out());
    }

    @Test
    void repositoryIsPrivateWhateverTheUmask(@TempDir Path tmp) throws IOException {
        Path repo = tmp.resolve("repo");
        Path policy = TestPolicy.write(tmp, pg, repo, "    logical:\n      format: directory\n");
        Cli.Result r = Cli.run("--policy", policy.toString(), "dump", "--database", "app");
        assertEquals(0, r.exitCode(), r::toString);
        assertPrivate(repo);

        Path repo2 = tmp.resolve("repo-umask-000");
        Path policy2 = Files.createDirectories(tmp.resolve("p2"));
        TestPolicy.write(policy2, pg, repo2, "    logical:\n      format: directory\n");
        Cli.Result child = ChildJvm.run("000", Map.of(), "--policy", policy2.resolve("pgkeeper.yaml").toString(), "dump", "--database", "app");
        assertEquals(0, child.exitCode(), child::toString);
        assertPrivate(repo2);
        assertEquals(1, manifests(repo2).size());
    }

    private static void assertPrivate(Path repo) throws IOException {
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(repo)) {
            for (Path p : walk.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                String want = Files.isDirectory(p) ? "rwx------" : "rw-------";
                if (!mode.equals(want)) {
                    wrong.add(p + " " + mode);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    static List<Path> manifests(Path repo) throws IOException {
        if (!Files.exists(repo)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(repo)) {
            return walk.filter(p -> p.getFileName().toString().equals("manifest.json")).toList();
        }
    }

    static List<Path> backupDirs(Path repo) throws IOException {
        Path logical = repo.resolve("main/logical");
        if (!Files.isDirectory(logical)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(logical)) {
            return s.toList();
        }
    }
}
