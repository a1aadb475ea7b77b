package io.pgkeeper.engine.pgbackrest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.postgres.LocalServer;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.util.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import io.pgkeeper.testing.Processes;

/**
 * The pgbackrest engine end to end with the real pgbackrest binary: a primary archiving through
 * {@code pgkeeper archive push} (delegating to archive-push), a full, diff and incr backup, list,
 * PITR through the incr backup, archive get, prune's expire plan, and verify, which must fail
 * once a file in pgBackRest's repository is corrupted (that test runs last).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PgBackRestIT {
    static TestCluster primary;
    static Path dir;
    static Path policy;
    static Path pbrRepo;
    static String full;
    static String diff;
    static String incr;
    static String timeBetween;

    @BeforeAll
    static void setUp() throws Exception {
        dir = Launcher.serverWritableDir();
        policy = dir.resolve("pgkeeper.yaml");
        pbrRepo = Files.createDirectory(dir.resolve("pgbackrest-repo"));
        Launcher.giveToServer(pbrRepo);
        String push = Launcher.script() + " archive push --quiet --policy " + policy + " --cluster main --engine pgbackrest %p";
        primary = TestCluster.start(Map.of("wal_level", "replica", "archive_mode", "on", "archive_command", "'" + push + "'",
                "max_wal_senders", "5"));
        Files.writeString(policy, "version: 1\nrepository:\n  path: " + dir.resolve("repo") + "\nclusters:\n  main:\n"
                + "    connection: {host: 127.0.0.1, port: " + primary.port() + ", user: postgres}\n"
                + "    pgdata: " + primary.server().dataDir() + "\n"
                + "    archive:\n      launcher: " + Launcher.script() + "\n"
                + "    retention:\n      physical: {keepFull: 2}\n"
                + "    verify:\n      checks:\n        - {name: batches, database: postgres, sql: \"SELECT count(*) FROM batches WHERE batch = 'base'\", expect: 10}\n"
                + "    physical:\n      engine: pgbackrest\n      pgbackrest:\n        stanza: main\n        options:\n"
                + "          repo1-path: " + pbrRepo + "\n          compress-type: none\n          start-fast: true\n"
                + "          archive-timeout: 120\n          pg1-socket-path: " + primary.server().socketDir() + "\n");
        Launcher.readable(policy);
        primary.execute("postgres", "CREATE TABLE batches(batch text, n int)", "INSERT INTO batches SELECT 'base', g FROM generate_series(1, 10) g");
        full = backup("full");
        primary.execute("postgres", "INSERT INTO batches SELECT 'd', g FROM generate_series(1, 10) g");
        diff = backup("diff");
        primary.execute("postgres", "INSERT INTO batches SELECT 'i', g FROM generate_series(1, 10) g");
        incr = backup("incr");

        primary.execute("postgres", "INSERT INTO batches SELECT 'A', g FROM generate_series(1, 100) g");
        Thread.sleep(1100);
        timeBetween = primary.queryString("postgres", "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
        Thread.sleep(1100);
        primary.execute("postgres", "INSERT INTO batches SELECT 'B', g FROM generate_series(1, 50) g");
        String last = primary.queryString("postgres", "SELECT pg_walfile_name(pg_switch_wal())");
        primary.waitArchived(last);
    }

    static String backup(String type) {
        Cli.Result r = Cli.run("--policy", policy.toString(), "basebackup", "--type", type);
        assertEquals(0, r.exitCode(), () -> r + "\nserver log:\n" + String.join("\n", primary.server().logTail(30)));
        return r.out().trim();
    }

    @AfterAll
    static void tearDown() {
        if (primary != null) {
            primary.close();
        }
        Launcher.deleteQuietly(dir);
    }

    @Test
    @Order(1)
    void listShowsTheChainWithTypesAndPriors() throws Exception {
        Cli.Result r = Cli.run("--policy", policy.toString(), "list", "--json");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode list = Json.mapper().readTree(r.out());
        List<String> ids = new ArrayList<>();
        for (JsonNode e : list) {
            assertEquals("physical", e.path("kind").asText());
            assertEquals("pgbackrest", e.path("physical").path("engine").asText());
            ids.add(e.path("id").asText());
        }
        assertEquals(List.of(full, diff, incr), ids);
        assertEquals("full", list.get(0).path("physical").path("type").asText());
        assertTrue(list.get(0).path("physical").path("prior").isMissingNode());
        assertEquals("diff", list.get(1).path("physical").path("type").asText());
        assertEquals(full, list.get(1).path("physical").path("prior").asText());
        assertEquals("incr", list.get(2).path("physical").path("type").asText());
        assertEquals(diff, list.get(2).path("physical").path("prior").asText());
        assertTrue(list.get(2).path("sizeBytes").asLong() > 0);
        assertTrue(list.get(2).path("physical").path("startWalSegment").asText().matches("[0-9A-F]{24}"), r::toString);
    }

    /** check's archiving probe is pgbackrest check with this engine: it switches WAL and waits for pgBackRest's archive. */
    @Test
    @Order(1)
    void checkProbesArchivingThroughPgbackrestCheck() throws Exception {
        Cli.Result r = Cli.run("--policy", policy.toString(), "--json", "check");
        JsonNode doc = Json.mapper().readTree(r.out());
        JsonNode archiving = null;
        for (JsonNode f : doc.get("findings")) {
            if (f.get("name").asText().equals("archiving")) {
                archiving = f;
            }
        }
        assertTrue(archiving != null, r::toString);
        assertEquals("ok", archiving.get("level").asText(), archiving::toString);
        assertTrue(archiving.get("message").asText().startsWith("pgbackrest check of stanza main passed"), archiving::toString);
    }

    @Test
    @Order(2)
    void pitrToATimeBetweenTwoBatchesThroughTheIncrBackup() throws Exception {
        Path target = dir.resolve("pitr");
        int port = freePort();
        Cli.Result r = Cli.run("--policy", policy.toString(), "restore", "--json", "--pgdata", target.toString(), "--target-time", timeBetween,
                "--start", "--port", Integer.toString(port), "--no-archive");
        assertEquals(0, r.exitCode(), () -> r + "\n" + log(target));
        JsonNode result = Json.mapper().readTree(r.out());
        assertEquals(incr, result.path("backupId").asText());
        assertTrue(result.path("chosenBecause").asText().contains("newest base backup that finished before"), r::toString);
        assertEquals("promoted", result.path("reached").path("state").asText(), r::toString);
        try {
            assertEquals(100, count(port, "A"));
            assertEquals(0, count(port, "B"));
            assertEquals(10, count(port, "i"));
        } finally {
            LocalServer.adopt(io.pgkeeper.testing.Processes.runner(), TestCluster.serverTools(), target, target, port, Processes.asServer(),
                    Duration.ofMinutes(1)).close();
        }
    }

    @Test
    @Order(3)
    void archiveGetRestoresAnArchivedSegmentAndSaysNotFoundForAMissingOne() throws Exception {
        Path out = Files.createDirectory(dir.resolve("wal-out"));
        Launcher.giveToServer(out);
        String first = primary.queryString("postgres", "SELECT pg_walfile_name('0/2000000'::pg_lsn)");
        Cli.Result got = Cli.run("--policy", policy.toString(), "archive", "get", first, out.resolve("seg").toString());
        assertEquals(0, got.exitCode(), got::toString);
        assertEquals(16 * 1024 * 1024, Files.size(out.resolve("seg")));
        Cli.Result missing = Cli.run("--policy", policy.toString(), "archive", "get", "0000000100000000000000FE", out.resolve("none").toString());
        assertEquals(1, missing.exitCode(), missing::toString);
        assertFalse(Files.exists(out.resolve("none")));
        Cli.Result lines = Cli.run("--policy", policy.toString(), "archive", "command-line");
        assertEquals(0, lines.exitCode(), lines::toString);
        assertTrue(lines.out().contains("archive_command = '" + Launcher.script() + " archive push --policy " + policy.toAbsolutePath()
                + " --cluster main --engine pgbackrest %p'"), lines::toString);
    }

    @Test
    @Order(4)
    void pruneDryRunShowsPgBackRestsPlan() {
        Cli.Result r = Cli.run("--policy", policy.toString(), "--dry-run", "prune");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("pgbackrest expire of stanza main (dry run"), r::toString);
        assertTrue(r.out().contains(incr + " (incr)"), r::toString);
    }

    @Test
    @Order(5)
    void verifyPassesThenFailsWithExitThreeAfterCorruption() throws Exception {
        Cli.Result ok = Cli.run("--policy", policy.toString(), "verify", "--json");
        assertEquals(0, ok.exitCode(), ok::toString);
        assertTrue(ok.out().contains(incr), ok::toString);
        assertTrue(ok.out().contains("match the schema hashes and row estimates recorded at backup time"), ok::toString);

        Path victim;
        try (Stream<Path> files = Files.walk(pbrRepo.resolve("backup/main").resolve(full).resolve("pg_data/base"))) {
            victim = files.filter(Files::isRegularFile).filter(p -> {
                try {
                    return Files.size(p) > 8192;
                } catch (IOException e) {
                    return false;
                }
            }).findFirst().orElseThrow();
        }
        Files.write(victim, "corrupted by the test".getBytes(), StandardOpenOption.WRITE);
        Cli.Result bad = Cli.run("--policy", policy.toString(), "verify");
        assertEquals(3, bad.exitCode(), bad::toString);
        assertTrue((bad.out() + bad.err()).contains("checksum invalid"), bad::toString);
    }

    private static long count(int port, String batch) throws Exception {
        try (Connection c = LocalServer.adopt(null, null, dir, dir, port, Processes.asServer(), Duration.ofMinutes(1)).access().connect("postgres");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM batches WHERE batch = '" + batch + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String log(Path pgdata) {
        try {
            return Files.readString(pgdata.resolveSibling(pgdata.getFileName() + ".log"));
        } catch (IOException e) {
            return "(no server log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
