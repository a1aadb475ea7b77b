package io.pgkeeper.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgkeeper.testing.ArchivingPrimary;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.DocBlocks;
import io.pgkeeper.testing.JsonShape;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.Policies;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.testing.TestPolicy;
import io.pgkeeper.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.pgkeeper.testing.ClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every JSON example in docs/ against what the program prints. The outputs come from real runs
 * on a real cluster, chosen so that each documented field appears in at least one of them
 * (a failing check, a fingerprint mismatch, a kept sandbox, a warning, a gap, a tool failure).
 */
@ExtendWith(ClusterExtension.class)
class DocsJsonIT {
    static TestCluster pg;
    static Path dir;
    static final Map<String, List<JsonNode>> samples = new LinkedHashMap<>();

    static final String CHECKS = """
                verify:
                  checks:
                    - name: users are present
                      database: app
                      sql: SELECT count(*) FROM users
                      expect: "%s"
            """;

    @BeforeAll
    static void run(TestCluster started) throws Exception {
        pg = started;
        dir = Files.createTempDirectory("pgkeeper-docs-json-");
        pg.execute("postgres", "CREATE DATABASE app", "CREATE ROLE weak LOGIN");
        pg.execute("app", "CREATE TABLE users(id serial PRIMARY KEY, name text)",
                "INSERT INTO users(name) SELECT 'u' || g FROM generate_series(1, 1000) g", "ANALYZE users");

        Path a = Files.createDirectories(dir.resolve("a"));
        Path good = TestPolicy.write(a, pg, dir.resolve("repo-a"), CHECKS.formatted(">= 1000") + """
                    retention:
                      logical:
                        keepLast: 1
                    objectives:
                      maxBackupAge: 26h
                      maxArchiveLag: 15m
                """);
        Path bad = Files.writeString(dir.resolve("bad.yaml"), Files.readString(good).replace(">= 1000", ">= 100000"));
        ok(Cli.run("--policy", good.toString(), "dump"));
        ok(Cli.run("--policy", good.toString(), "basebackup"));
        add("verify-one", Cli.run("--policy", good.toString(), "--json", "verify", "--kind", "logical"));
        add("verify-one", Cli.run("--policy", bad.toString(), "--json", "verify", "--kind", "logical"));
        add("verify-one", Cli.run("--policy", good.toString(), "--json", "verify", "--kind", "physical"));
        JsonNode kept = add("verify-one", Cli.run("--policy", good.toString(), "--json", "verify", "--kind", "logical", "--keep-sandbox"));
        stopSandbox(kept);
        add("verify-several", Cli.run("--policy", good.toString(), "--json", "verify"));
        add("status", Cli.run("--policy", good.toString(), "--json", "status"));
        add("check", Cli.run("--policy", good.toString(), "--json", "check"));
        add("dump-prune", Cli.run("--policy", good.toString(), "--json", "dump", "--prune"));
        add("prune", Cli.run("--policy", good.toString(), "--json", "prune", "--dry-run"));
        add("prune", Cli.run("--policy", good.toString(), "--json", "prune"));
        add("run-error", Cli.run("--policy", good.toString(), "--json", "restore", "--database", "nope", "--into", "x"));

        Path exact = Files.createDirectories(dir.resolve("exact"));
        Path exactPolicy = TestPolicy.write(exact, pg, dir.resolve("repo-exact"), "    logical:\n      fingerprint: exact\n");
        String id = ok(Cli.run("--policy", exactPolicy.toString(), "dump", "--database", "app")).out().trim();
        tamperRowCount(dir.resolve("repo-exact/main/logical").resolve(id).resolve("manifest.json"));
        add("verify-one", Cli.run("--policy", exactPolicy.toString(), "--json", "verify"));

        Path weak = Files.createDirectories(dir.resolve("weak"));
        Path weakPolicy = Policies.write(weak, dir.resolve("repo-weak"), Policies.connection(pg.port(), "weak"), "");
        add("run-error", Cli.run("--policy", weakPolicy.toString(), "--json", "dump", "--database", "app"));
        // a tool that fails: a compression method no pg_dump knows, refused by pg_dump itself
        Path badTool = Files.createDirectories(dir.resolve("bad-tool"));
        Path badToolPolicy = Policies.write(badTool, dir.resolve("repo-bad-tool"), Policies.connection(pg.port(), "postgres"),
                "    logical:\n      compress: nosuchmethod\n");
        add("run-error", Cli.run("--policy", badToolPolicy.toString(), "--json", "dump", "--database", "app"));
        Path broken = Files.writeString(dir.resolve("broken.yaml"), Files.readString(good).replace("keepLast: 1", "keepLast: 0"));
        add("run-error", Cli.run("--policy", broken.toString(), "--json", "prune"));

        archiveWithAGap(good);
        pointInTime();
    }

    /** One table as of a moment between two inserts, from a primary that archives; an unlogged table gives a warning. */
    private static void pointInTime() throws Exception {
        try (ArchivingPrimary primary = ArchivingPrimary.start()) {
            TestCluster server = primary.server();
            server.execute("postgres", "CREATE DATABASE shop");
            server.execute("shop", "CREATE TABLE orders (id int PRIMARY KEY)", "CREATE UNLOGGED TABLE scratch (v int)",
                    "INSERT INTO scratch VALUES (1)");
            primary.basebackup();
            server.execute("shop", "INSERT INTO orders SELECT generate_series(1, 10)");
            Thread.sleep(1100);
            String between = server.queryString("postgres", "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
            Thread.sleep(1100);
            server.execute("shop", "INSERT INTO orders VALUES (11)");
            server.switchWalAndWaitArchived();
            add("restore-point-in-time", primary.run("--json", "restore", "--database", "shop", "--target-time", between, "--table", "public.orders",
                    "--table", "public.scratch"));
        }
    }

    /** Segments 1 and 3 of a run of three real ones: a gap at 2. */
    private static void archiveWithAGap(Path good) throws IOException {
        Path c = Files.createDirectories(dir.resolve("c"));
        Path policy = Policies.write(c, dir.resolve("repo-c"), Policies.connection(pg.port(), "postgres"), "");
        Path wal = Files.createDirectories(dir.resolve("wal"));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pg.execute("postgres", "CREATE TABLE IF NOT EXISTS filler(x int)", "INSERT INTO filler VALUES (1)");
            String name = pg.queryString("postgres", "SELECT pg_walfile_name(pg_switch_wal())");
            Files.copy(pg.server().dataDir().resolve("pg_wal").resolve(name), wal.resolve(name));
            names.add(name);
        }
        ok(Cli.run("--policy", policy.toString(), "archive", "push", wal.resolve(names.get(0)).toString()));
        ok(Cli.run("--policy", policy.toString(), "archive", "push", wal.resolve(names.get(2)).toString()));
        add("archive-check", Cli.run("--policy", policy.toString(), "--json", "archive", "check"));
        add("archive-get", Cli.run("--policy", policy.toString(), "--json", "archive", "get", names.get(0), dir.resolve("got").toString()));
        add("archive-get", Cli.run("--policy", policy.toString(), "--json", "archive", "get", names.get(1), dir.resolve("missing").toString()));
    }

    @AfterAll
    static void stop() {
        Launcher.deleteQuietly(dir);
    }

    private static Cli.Result ok(Cli.Result r) {
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }

    private static JsonNode add(String shape, Cli.Result r) {
        try {
            JsonNode doc = Json.mapper().readTree(r.out());
            assertTrue(doc != null && doc.isObject(), () -> shape + ": no JSON document: " + r);
            samples.computeIfAbsent(shape, k -> new ArrayList<>()).add(doc);
            return doc;
        } catch (IOException e) {
            throw new AssertionError(shape + ": not JSON: " + r, e);
        }
    }

    private static void stopSandbox(JsonNode doc) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", doc.get("sandbox").get("stop").asText()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    private static void tamperRowCount(Path manifest) throws IOException {
        ObjectNode root = (ObjectNode) Json.mapper().readTree(manifest.toFile());
        for (JsonNode db : root.get("databases")) {
            for (JsonNode t : db.get("fingerprint").get("tables")) {
                if (t.get("name").asText().equals("users")) {
                    ((ObjectNode) t).put("rows", 512);
                }
            }
        }
        Json.mapper().writeValue(manifest.toFile(), root);
    }

    @Test
    void everyJsonExampleInTheDocsHasTheFieldsThePrintedDocumentsHave() throws IOException {
        List<String> problems = new ArrayList<>();
        int compared = 0;
        for (DocBlocks.Block b : DocsCoverage.blocks()) {
            if (!"json-shape".equals(b.tagKind())) {
                continue;
            }
            List<JsonNode> real = samples.getOrDefault(b.tag(), List.of());
            for (String p : JsonShape.problems(Json.mapper().readTree(b.text()), real)) {
                problems.add(b.where() + " (" + b.tag() + "): " + p);
            }
            compared++;
        }
        assertEquals(List.of(), problems, () -> "samples:\n" + samples);
        assertEquals(DocsCoverage.JSON_SHAPES.size(), compared);
    }
}
