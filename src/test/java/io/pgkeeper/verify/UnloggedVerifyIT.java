package io.pgkeeper.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.testing.Amcheck;
import io.pgkeeper.testing.ArchivingPrimary;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Copy;
import io.pgkeeper.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Unlogged tables and their sequences are empty after any recovery, by design. A physical
 * verify of a cluster that has them must pass, say that it left them out, and still compare
 * everything else; a restore must bring the logged tables back whole.
 */
class UnloggedVerifyIT {
    static ArchivingPrimary primary;
    static String backupId;

    @BeforeAll
    static void setUp() throws Exception {
        primary = ArchivingPrimary.start();
        primary.server().execute("postgres", "CREATE UNLOGGED TABLE sessions(id serial PRIMARY KEY, token text)",
                "INSERT INTO sessions(token) SELECT md5(g::text) FROM generate_series(1, 2000) g",
                "CREATE UNLOGGED SEQUENCE scratch_seq", "SELECT setval('scratch_seq', 500)",
                "CREATE TABLE accounts(id bigserial PRIMARY KEY, owner text)",
                "INSERT INTO accounts(owner) SELECT 'o' || g FROM generate_series(1, 3000) g", "ANALYZE");
        Path sandboxes = Files.createDirectories(primary.dir().resolve("sandboxes"));
        primary.policy(primary.server().port(), "    verify:\n      sandbox:\n        baseDir: " + sandboxes + "\n");
        backupId = primary.basebackup();
    }

    @AfterAll
    static void tearDown() {
        if (primary != null) {
            primary.close();
        }
    }

    @Test
    void theBackupRecordsNoFingerprintForUnloggedRelations() {
        Cli.Result r = primary.pgkeeper("--json", "list", "--kind", "physical");
        assertTrue(r.out().contains("\"accounts\"") && r.out().contains("accounts_id_seq"), r::toString);
        assertFalse(r.out().contains("\"sessions\"") || r.out().contains("scratch_seq"), r::toString);
    }

    @Test
    void physicalVerifyPassesAndSaysWhatItLeftOut() throws Exception {
        Cli.Result r = primary.run("--json", "verify", "--kind", "physical", "--backup", backupId);
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode report = Json.mapper().readTree(r.out());
        assertTrue(report.toString().contains("unlogged relation(s) not compared"), r::toString);
        assertTrue(report.toString().contains("public.sessions") && report.toString().contains("public.scratch_seq"), r::toString);
    }

    @Test
    void aBackupRecordedBeforeUnloggedRelationsWereLeftOutVerifiesToo() throws Exception {
        String id = primary.basebackup();
        Path manifest = primary.repository().resolve("main/physical").resolve(id).resolve("manifest.json");
        var doc = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(manifest.toFile());
        for (JsonNode db : doc.get("databases")) {
            if (db.get("name").asText().equals("postgres")) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) db.get("fingerprint").get("tables")).addObject().put("schema", "public")
                        .put("name", "sessions").put("rows", 2000).put("estimated", true).put("sizeBytes", 180224);
                ((com.fasterxml.jackson.databind.node.ArrayNode) db.get("fingerprint").get("sequences")).addObject().put("schema", "public")
                        .put("name", "scratch_seq").put("lastValue", 500);
            }
        }
        Files.writeString(manifest, Json.mapper().writeValueAsString(doc));
        Cli.Result r = primary.run("verify", "--kind", "physical", "--backup", id);
        assertEquals(0, r.exitCode(), r::toString);
    }

    @Test
    void restoredTheLoggedTablesAreWholeAndTheUnloggedOnesEmpty() {
        Path dir = primary.dir().resolve("copy");
        int port = Copy.freePort();
        primary.pgkeeper("restore", "--backup", backupId, "--pgdata", dir.toString(), "--start", "--port", Integer.toString(port));
        try (Copy c = new Copy(dir, port)) {
            assertEquals(3000, c.queryLong("postgres", "SELECT count(*) FROM accounts"), c::log);
            assertEquals(0, c.queryLong("postgres", "SELECT count(*) FROM sessions"));
            Amcheck.check(port);
        }
    }
}
