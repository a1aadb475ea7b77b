package io.pgkeeper.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.Manifest;
import io.pgkeeper.repository.ManifestStore;
import io.pgkeeper.repository.Repositories;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.testing.ChildJvm;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.testing.TestPolicy;
import io.pgkeeper.util.Json;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hawkular.agent.prometheus.text.TextPrometheusMetricsProcessor;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.hawkular.agent.prometheus.walkers.CollectorPrometheusMetricsWalker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.pgkeeper.testing.ClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** status, check, notifications, metrics and JSON logs against a real cluster. */
@ExtendWith(ClusterExtension.class)
class OperationsIT {
    static TestCluster pg;

    @BeforeAll
    static void start(TestCluster started) {
        pg = started;
        pg.execute("postgres", "CREATE DATABASE app");
        pg.execute("app", "CREATE TABLE t(id int)", "INSERT INTO t SELECT generate_series(1, 10)");
    }

    @Test
    void statusExits3WhenTheNewestBackupIsOlderThanMaxBackupAge(@TempDir Path tmp) throws Exception {
        Path repo = tmp.resolve("repo");
        Path policy = TestPolicy.write(tmp, pg, repo, """
                    objectives:
                      maxBackupAge: 26h
                """);
        Cli.Result dump = Cli.run("--policy", policy.toString(), "dump");
        assertEquals(0, dump.exitCode(), dump::toString);
        Cli.Result fresh = Cli.run("--policy", policy.toString(), "status");
        assertEquals(0, fresh.exitCode(), fresh::toString);
        assertTrue(fresh.out().contains("ok     newest logical backup"), fresh::toString);

        Path dir = Repositories.at(repo).kindDir("main", BackupKind.LOGICAL).resolve(dump.out().trim());
        ManifestStore store = Repositories.at(repo).manifests();
        Manifest m = store.read(dir);
        Instant old = m.startedAt().minus(Duration.ofHours(30));
        store.commit(dir, m.toBuilder().startedAt(old).finishedAt(old.plusSeconds(60)).build());
        Cli.Result stale = Cli.run("--policy", policy.toString(), "status");
        assertEquals(3, stale.exitCode(), stale::toString);
        assertTrue(stale.out().contains("MISSED: newest logical backup misses maxBackupAge 1d2h: 1d5h"), stale::toString);
        Cli.Result json = Cli.run("--policy", policy.toString(), "status", "--json");
        assertEquals(3, json.exitCode(), json::toString);
        JsonNode doc = Json.mapper().readTree(json.out());
        assertFalse(doc.get("ok").asBoolean());
        assertEquals(1, doc.get("missed").size());
        assertEquals("archive lag", doc.get("objectives").get(1).get("name").asText());
        assertFalse(doc.get("objectives").get(1).has("met"), "not configured: reported, not judged");
    }

    @Test
    void checkReportsArchiveModeOffAsAFailWithTheExactArchiveCommand(@TempDir Path tmp) throws Exception {
        Path policy = TestPolicy.write(tmp, pg, tmp.resolve("repo"), """
                    archive:
                      launcher: /usr/local/bin/pgkeeper
                    schedule:
                      basebackup: "0 2 * * *"
                """);
        Cli.Result r = Cli.run("--policy", policy.toString(), "--json", "check");
        assertEquals(1, r.exitCode(), r::toString);
        JsonNode doc = Json.mapper().readTree(r.out());
        String expected = "/usr/local/bin/pgkeeper archive push --policy " + policy.toAbsolutePath() + " --cluster main %p";
        assertEquals(expected, doc.get("archiveCommand").asText());
        JsonNode archiveMode = finding(doc, "archive_mode");
        assertEquals("fail", archiveMode.get("level").asText());
        assertTrue(archiveMode.get("message").asText().startsWith("off"), archiveMode::toString);
        assertTrue(archiveMode.get("fix").asText().contains("archive_mode = on"), archiveMode::toString);
        assertTrue(finding(doc, "archive_command").get("fix").asText().contains(expected));
        assertEquals("ok", finding(doc, "server").get("level").asText());
        assertEquals("ok", finding(doc, "pg_dump").get("level").asText());
    }

    private static JsonNode finding(JsonNode doc, String name) {
        for (JsonNode f : doc.get("findings")) {
            if (f.get("name").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no finding " + name + " in " + doc);
    }

    @Test
    void notifiersGetTheJsonResultAndTheMetricsFileParses(@TempDir Path tmp) throws Exception {
        List<String> posted = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            posted.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        try {
            Path script = tmp.resolve("notify.sh");
            Path failures = tmp.resolve("failures");
            Files.createDirectories(failures);
            Files.writeString(script, "#!/bin/sh\ncat > \"$1/$(date +%s%N).json\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            Path recoveries = tmp.resolve("recoveries");
            Files.createDirectories(recoveries);
            Path textfile = tmp.resolve("pgkeeper.prom");
            Path policy = TestPolicy.write(tmp, pg, tmp.resolve("repo"), """
                    notify:
                      onFailure:
                        - command: ["%s", "%s"]
                          timeoutSeconds: 20
                      onSuccess:
                        - webhook: http://127.0.0.1:%d/hook
                          timeoutSeconds: 10
                      onRecovery:
                        - command: ["%s", "%s"]
                    metrics:
                      textfile: %s
                    """.formatted(script, failures, server.getAddress().getPort(), script, recoveries, textfile));

            Cli.Result first = Cli.run("--policy", policy.toString(), "dump", "--database", "app");
            assertEquals(0, first.exitCode(), first::toString);
            assertEquals(1, posted.size(), first::toString);
            posted.clear();
            Cli.Result bad = Cli.run("--policy", policy.toString(), "dump", "--database", "no_such_db");
            assertEquals(2, bad.exitCode(), bad::toString);
            List<Path> sent = list(failures);
            assertEquals(1, sent.size(), bad::toString);
            JsonNode failure = Json.mapper().readTree(Files.readString(sent.get(0)));
            assertEquals("dump", failure.get("command").asText());
            assertEquals("main", failure.get("cluster").asText());
            assertFalse(failure.get("ok").asBoolean());
            assertEquals(2, failure.get("exitCode").asInt());
            assertTrue(failure.get("error").get("message").asText().contains("no_such_db"), failure::toString);
            assertTrue(failure.has("startedAt") && failure.has("durationMs"), failure::toString);
            assertTrue(posted.isEmpty());

            Cli.Result good = Cli.run("--policy", policy.toString(), "--json", "dump", "--database", "app");
            assertEquals(0, good.exitCode(), good::toString);
            JsonNode printed = Json.mapper().readTree(good.out());
            assertEquals(1, posted.size(), good::toString);
            JsonNode hook = Json.mapper().readTree(posted.get(0));
            assertEquals(printed, hook, "the webhook gets the document --json prints");
            assertTrue(hook.get("ok").asBoolean());
            assertEquals(printed.get("id").asText(), hook.get("id").asText(), "the manifest's fields are at the top level");
            assertEquals(1, list(recoveries).size(), "the first success after a failure is a recovery");

            Cli.Result again = Cli.run("--policy", policy.toString(), "dump", "--database", "app");
            assertEquals(0, again.exitCode(), again::toString);
            assertEquals(1, list(recoveries).size(), "a second success is no recovery");
            assertEquals(2, posted.size());

            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(textfile)));
            Map<String, MetricFamily> families = parse(Files.readString(textfile));
            for (String name : List.of("pgkeeper_last_success_timestamp_seconds", "pgkeeper_last_run_success",
                    "pgkeeper_last_duration_seconds", "pgkeeper_last_backup_size_bytes")) {
                assertTrue(families.containsKey(name), name + " in\n" + Files.readString(textfile));
            }
            Gauge success = (Gauge) families.get("pgkeeper_last_run_success").getMetrics().get(0);
            assertEquals(Map.of("cluster", "main", "kind", "logical", "command", "dump"), success.getLabels());
            assertEquals(1.0, success.getValue());
            Gauge size = (Gauge) families.get("pgkeeper_last_backup_size_bytes").getMetrics().get(0);
            assertEquals(hook.get("sizeBytes").asDouble(), size.getValue());
        } finally {
            server.stop(0);
        }
    }

    private static Map<String, MetricFamily> parse(String text) throws Exception {
        CollectorPrometheusMetricsWalker walker = new CollectorPrometheusMetricsWalker();
        new TextPrometheusMetricsProcessor(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), walker).walk();
        Map<String, MetricFamily> out = new java.util.HashMap<>();
        walker.getAllMetricFamilies().forEach(f -> out.put(f.getName(), f));
        return out;
    }

    private static List<Path> list(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void logFormatJsonGivesOneJsonObjectPerStderrLine(@TempDir Path tmp) throws Exception {
        Path policy = TestPolicy.write(tmp, pg, tmp.resolve("repo"));
        Cli.Result r = ChildJvm.run("077", Map.of(), "--policy", policy.toString(), "--log-format", "json", "--verbose", "dump", "--database", "app");
        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertFalse(lines.isEmpty(), r::toString);
        for (String line : lines) {
            JsonNode n = Json.mapper().readTree(line);
            assertTrue(n.has("level") && n.has("formattedMessage"), line);
        }
    }
}
