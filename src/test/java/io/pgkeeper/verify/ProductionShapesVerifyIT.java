package io.pgkeeper.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.DumpFiles;
import io.pgkeeper.testing.Shapes;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.testing.TestPolicy;
import io.pgkeeper.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verify on databases shaped like production ones: an ICU database whose CHECK constraint only
 * holds under its collation, inheritance with a child whose columns pg_dump reorders, partitions,
 * large objects, database settings, ACLs and role settings. Good backups pass; a schema that
 * differs is named object by object.
 */
class ProductionShapesVerifyIT {
    static TestCluster pg;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        pg = TestCluster.start();
        Shapes.roles(pg);
        Shapes.icuDatabase(pg, "shop");
        Shapes.databaseProperties(pg, "shop");
        Shapes.inheritanceAndPartitions(pg, "shop");
        Shapes.largeObjects(pg, "shop");
        Shapes.latin1Database(pg, "legacy");
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    private Path policy(String fingerprint) throws IOException {
        Path sandboxes = Files.createTempDirectory("pgkeeper-verify-shapes-");
        Files.setPosixFilePermissions(sandboxes, PosixFilePermissions.fromString("rwxr-xr-x"));
        return TestPolicy.write(tmp, pg, tmp.resolve("repo"), "    logical:\n      fingerprint: " + fingerprint + "\n"
                + "      databases:\n        include: [shop, legacy]\n"
                + "    verify:\n      sandbox:\n        baseDir: " + sandboxes + "\n");
    }

    private static String dump(Path policy) {
        Cli.Result dump = Cli.run("--policy", policy.toString(), "dump");
        assertEquals(0, dump.exitCode(), dump::toString);
        return dump.out().trim();
    }

    @Test
    void exactFingerprintsOfInheritanceAndPartitionsPassAndTheColumnOrderEffectIsNamed() throws IOException {
        Path policy = policy("exact");
        String id = dump(policy);
        JsonNode manifest = Json.mapper().readTree(tmp.resolve("repo/main/logical/" + id + "/manifest.json").toFile());
        JsonNode shop = manifest.get("databases").get(1);
        assertEquals("icu", shop.get("localeProvider").asText());
        assertEquals("sv-SE", shop.get("icuLocale").asText());
        assertTrue(shop.hasNonNull("collationVersion"), shop::toString);
        assertEquals("LATIN1", manifest.get("databases").get(0).get("encoding").asText());
        // ONLY: the parent counts its own two rows, each child its own, nothing twice
        for (JsonNode t : shop.get("fingerprint").get("tables")) {
            String name = t.get("name").asText();
            long rows = t.get("rows").asLong();
            switch (name) {
                case "animals" -> assertEquals(2, rows);
                case "cats" -> assertEquals(30, rows);
                case "dogs" -> assertEquals(20, rows);
                default -> { }
            }
        }
        Cli.Result r = Cli.run("--policy", policy.toString(), "--json", "verify");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode report = Json.mapper().readTree(r.out());
        String warnings = report.findValue("warnings").toString();
        assertTrue(warnings.contains("column order public.cats differs: recorded \\\"lives, name, id\\\", restored \\\"id, name, lives\\\"")
                && warnings.contains("known effect of pg_dump"), warnings);
        assertEquals(List.of(), report.findValues("mismatches").stream().filter(JsonNode::isArray).flatMap(a -> {
            List<JsonNode> l = new java.util.ArrayList<>();
            a.forEach(l::add);
            return l.stream();
        }).toList());
    }

    @Test
    void estimatedFingerprintsOfInheritanceChildrenPass() throws IOException {
        Path policy = policy("estimate");
        dump(policy);
        Cli.Result r = Cli.run("--policy", policy.toString(), "verify");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("ok   fingerprint"), r::toString);
    }

    @Test
    void aSchemaThatDiffersNamesTheObjects() throws IOException {
        Path policy = policy("estimate");
        String id = dump(policy);
        Path dir = tmp.resolve("repo/main/logical/" + id);
        String schema = Files.readString(dir.resolve("shop.schema.sql"));
        Files.writeString(dir.resolve("shop.schema.sql"), schema.replace("    w text NOT NULL,", "    w character varying NOT NULL,")
                .replace("ALTER DATABASE shop CONNECTION LIMIT = 42;", "ALTER DATABASE shop CONNECTION LIMIT = 43;"));
        DumpFiles.rehash(dir, "shop.schema.sql");
        Cli.Result r = Cli.run("--policy", policy.toString(), "verify");
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.out().contains("database \"shop\": column public.words.w differs: recorded \"w character varying NOT NULL\","
                + " restored \"w text NOT NULL\""), r::toString);
        assertTrue(r.out().contains("database \"shop\": database properties shop differs"), r::toString);
        assertTrue(r.out().contains("2 difference(s)"), r::toString);
    }
}
