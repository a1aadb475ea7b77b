package io.pgkeeper.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.testing.TestPolicy;
import io.pgkeeper.util.Json;
import io.pgkeeper.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyIT {
    static TestCluster pg;

    @TempDir
    Path tmp;

    /** Where sandboxes go: under /tmp and 0755, so the postgres OS user can reach it when the tests run as root. */
    Path sandboxes;

    @BeforeAll
    static void start() {
        pg = TestCluster.start();
        pg.execute("postgres", "CREATE DATABASE app");
        pg.execute("app", "CREATE TABLE users(id serial primary key, name text, created_at timestamptz NOT NULL DEFAULT now())",
                "INSERT INTO users(name) SELECT 'u' || g FROM generate_series(1, 500) g",
                "CREATE TABLE events(id bigserial primary key, payload text)",
                "CREATE VIEW recent_users AS SELECT id, name FROM users WHERE created_at > now() - interval '1 day'",
                "ANALYZE");
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    @BeforeEach
    void sandboxDir() throws IOException {
        sandboxes = Files.createTempDirectory("pgkeeper-verify-it-");
        Files.setPosixFilePermissions(sandboxes, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void removeSandboxDir() throws IOException {
        try (Stream<Path> walk = Files.walk(sandboxes)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private Path policy(String fingerprint, String checks) {
        String yaml = "    logical:\n      fingerprint: " + fingerprint + "\n"
                + "    verify:\n      sandbox:\n        baseDir: " + sandboxes + "\n" + checks;
        return TestPolicy.write(tmp, pg, tmp.resolve("repo"), yaml);
    }

    private static String check(String name, String sql, String expectation) {
        return "        - name: " + name + "\n          database: app\n          sql: " + sql + "\n          " + expectation + "\n";
    }

    private static final String GOOD_CHECKS = "      checks:\n"
            + check("users are present", "SELECT count(*) FROM users", "expect: \">= 100\"")
            + check("users are fresh", "SELECT max(created_at) FROM users", "fresh: 24h");

    private static String dump(Path policy) {
        Cli.Result dump = Cli.run("--policy", policy.toString(), "dump");
        assertEquals(0, dump.exitCode(), dump::toString);
        return dump.out().trim();
    }

    private List<Path> sandboxLeftovers() throws IOException {
        try (Stream<Path> s = Files.list(sandboxes)) {
            return s.toList();
        }
    }

    @Test
    void aGoodBackupPassesAndTheSandboxIsRemoved() throws IOException {
        Path policy = policy("estimate", GOOD_CHECKS);
        String id = dump(policy);
        Path junit = tmp.resolve("reports/verify.xml");
        Cli.Result r = Cli.run("--policy", policy.toString(), "verify", "--junit", junit.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("logical backup " + id + " of cluster main: PASSED"), r::toString);
        assertTrue(r.out().contains("  ok   check        \"users are present\" passed: value 500 meets >= 100"), r::toString);
        assertTrue(r.out().contains("ok   fingerprint"), r::toString);
        assertFalse(r.out().contains("schema hash not compared"), r::toString);
        assertEquals(List.of(), sandboxLeftovers());
        String xml = Files.readString(junit);
        assertTrue(xml.contains("name=\"check: users are fresh\""), xml);
        assertTrue(xml.contains("failures=\"0\""), xml);
        List<String> log = Files.readAllLines(tmp.resolve("repo/main/verify.log"));
        assertEquals(1, log.size());
        assertTrue(log.get(0).contains("\"backupId\":\"" + id + "\"") && log.get(0).contains("\"ok\":true"), log.get(0));
        Cli.Result list = Cli.run("--policy", policy.toString(), "list");
        assertTrue(list.out().contains("passed "), list::toString);
    }

    @Test
    void aFailingCheckGivesExit3AndNamesTheCheckInTextAndJson() throws IOException {
        Path policy = policy("estimate", GOOD_CHECKS + check("enough users", "SELECT count(*) FROM users", "expect: \">= 100000\""));
        dump(policy);
        Cli.Result text = Cli.run("--policy", policy.toString(), "verify");
        assertEquals(3, text.exitCode(), text::toString);
        assertTrue(text.out().contains("  FAIL check        \"enough users\" failed: value 500 does not meet >= 100000"), text::toString);
        assertFalse(text.out().matches("(?s).*check +check.*"), () -> "the label is not repeated: " + text);
        assertEquals(List.of(), sandboxLeftovers());

        Cli.Result json = Cli.run("--policy", policy.toString(), "verify", "--json");
        assertEquals(3, json.exitCode(), json::toString);
        JsonNode doc = Json.mapper().readTree(json.out());
        assertEquals(3, doc.get("exitCode").asInt());
        assertFalse(doc.get("ok").asBoolean());
        assertEquals("logical", doc.get("kind").asText());
        JsonNode failed = null;
        for (JsonNode c : doc.get("checks")) {
            if (c.get("name").asText().equals("enough users")) {
                failed = c;
            }
        }
        assertTrue(failed != null, json::toString);
        assertFalse(failed.get("ok").asBoolean());
        assertEquals("500", failed.get("value").asText());
        assertEquals(">= 100000", failed.get("expected").asText());
        assertEquals(List.of("integrity", "sandbox", "restore", "fingerprint", "checks"),
                doc.get("steps").findValuesAsText("name"));
        assertEquals(List.of(), sandboxLeftovers());
    }

    @Test
    void aFlippedByteGivesExit3AndNamesTheFile() throws IOException {
        Path policy = policy("estimate", "");
        String id = dump(policy);
        Path file = tmp.resolve("repo/main/logical/" + id + "/app.dump");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
        Cli.Result r = Cli.run("--policy", policy.toString(), "verify");
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.out().contains("FAIL integrity"), r::toString);
        assertTrue(r.out().contains("app.dump: sha256"), r::toString);
        assertFalse(r.out().contains("sandbox "), "no sandbox after a failed integrity check: " + r);
    }

    @Test
    void aRestoreErrorGivesExit3WithTheDatabaseAndPgRestoresMessage() throws IOException {
        Path policy = policy("estimate", "");
        String id = dump(policy);
        Path dir = tmp.resolve("repo/main/logical/" + id);
        // A dump that matches its (rewritten) checksum but is no archive: only pg_restore can tell.
        Files.writeString(dir.resolve("app.dump"), "not a pg_dump archive\n");
        Path manifest = dir.resolve("manifest.json");
        ObjectNode root = (ObjectNode) Json.mapper().readTree(manifest.toFile());
        String sha = io.pgkeeper.repository.Checksums.sha256(dir.resolve("app.dump"));
        for (JsonNode f : root.findValues("files")) {
            for (JsonNode e : f) {
                if (e.get("path").asText().equals("app.dump")) {
                    ((ObjectNode) e).put("sha256", sha).put("sizeBytes", Files.size(dir.resolve("app.dump")));
                }
            }
        }
        Json.mapper().writeValue(manifest.toFile(), root);
        Cli.Result r = Cli.run("--policy", policy.toString(), "verify");
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.out().contains("FAIL restore"), r::toString);
        assertTrue(r.out().contains("database \"app\": pg_restore exited with 1"), r::toString);
        assertTrue(r.out().contains("input file does not appear to be a valid archive"), r::toString);
        assertEquals(List.of(), sandboxLeftovers());
    }

    @Test
    void aTableChangedSinceTheDumpIsNamed() throws IOException {
        Path policy = policy("exact", "");
        String id = dump(policy);
        Path manifest = tmp.resolve("repo/main/logical/" + id + "/manifest.json");
        ObjectNode root = (ObjectNode) Json.mapper().readTree(manifest.toFile());
        for (JsonNode db : root.get("databases")) {
            if (db.get("name").asText().equals("app")) {
                for (JsonNode t : db.get("fingerprint").get("tables")) {
                    if (t.get("name").asText().equals("users")) {
                        ((ObjectNode) t).put("rows", 512);
                    }
                }
            }
        }
        Json.mapper().writeValue(manifest.toFile(), root);
        Cli.Result r = Cli.run("--policy", policy.toString(), "verify", "--json");
        assertEquals(3, r.exitCode(), r::toString);
        JsonNode doc = Json.mapper().readTree(r.out());
        JsonNode mismatches = doc.get("fingerprintMismatches");
        assertEquals(1, mismatches.size(), r::toString);
        assertEquals("public.users", mismatches.get(0).get("object").asText());
        assertEquals("app", mismatches.get(0).get("database").asText());
        assertEquals("512", mismatches.get(0).get("recorded").asText());
        assertEquals("500", mismatches.get(0).get("restored").asText());
        assertEquals(List.of(), sandboxLeftovers());
    }

    @Test
    void exactFingerprintsStayExactWhileTheSourceIsWritten() throws Exception {
        Path policy = policy("exact", "");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong inserted = new AtomicLong();
        long before = pg.queryLong("app", "SELECT count(*) FROM events");
        Thread writer = new Thread(() -> {
            try (Connection c = pg.connect("app"); Statement st = c.createStatement()) {
                while (running.get()) {
                    st.execute("INSERT INTO events(payload) SELECT 'p' || g FROM generate_series(1, 20) g");
                    inserted.addAndGet(20);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, "writer");
        writer.start();
        String id;
        try {
            while (inserted.get() < 200) {
                Thread.onSpinWait();
            }
            id = dump(policy);
        } finally {
            running.set(false);
            writer.join();
        }
        long after = pg.queryLong("app", "SELECT count(*) FROM events");
        JsonNode manifest = Json.mapper().readTree(tmp.resolve("repo/main/logical/" + id + "/manifest.json").toFile());
        long recorded = -1;
        for (JsonNode db : manifest.get("databases")) {
            for (JsonNode t : db.get("fingerprint").get("tables")) {
                if (db.get("name").asText().equals("app") && t.get("name").asText().equals("events")) {
                    recorded = t.get("rows").asLong();
                    assertFalse(t.get("estimated").asBoolean());
                }
            }
        }
        assertTrue(recorded > before && recorded < after, "recorded " + recorded + " between " + before + " and " + after);
        Cli.Result r = Cli.run("--policy", policy.toString(), "verify", "--json");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(0, Json.mapper().readTree(r.out()).get("fingerprintMismatches").size(), r::toString);
    }

    @Test
    void theSandboxRunsAsTheUnprivilegedUserAndCanBeKept() throws Exception {
        Path policy = policy("estimate", GOOD_CHECKS);
        dump(policy);
        Cli.Result r = Cli.run("--policy", policy.toString(), "verify", "--keep-sandbox", "--json");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode sandbox = Json.mapper().readTree(r.out()).get("sandbox");
        Path dataDir = Path.of(sandbox.get("dataDir").asText());
        try {
            assertTrue(dataDir.startsWith(sandboxes), sandbox::toString);
            assertTrue(Files.isDirectory(dataDir));
            String expectedOwner = Processes.OS.root() ? TestCluster.OS_USER : Processes.OS.name();
            assertEquals(expectedOwner, Files.getOwner(dataDir).getName());
            assertTrue(sandbox.get("psql").asText().contains(" -p " + sandbox.get("port").asInt()), sandbox::toString);
        } finally {
            Process stop = new ProcessBuilder("sh", "-c", sandbox.get("stop").asText()).inheritIO().start();
            assertEquals(0, stop.waitFor(), "stop command: " + sandbox.get("stop").asText());
        }
        assertEquals(List.of(), sandboxLeftovers());
    }

    @Test
    void askingForPhysicalSaysThereIsNone() {
        Path policy = policy("estimate", "");
        dump(policy);
        Cli.Result r = Cli.run("--policy", policy.toString(), "verify", "--kind", "physical");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("no physical backup exists for cluster main"), r::toString);
    }

}
