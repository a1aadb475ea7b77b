package io.pgkeeper.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.crypto.AgeIdentity;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Shapes;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logical backups into an encrypted POSIX repository, on a production-shaped cluster (ICU and
 * LATIN1 databases, large objects, database settings, ACLs and comments, roles): a marker in a
 * database name, a table name, a role name, a comment and row data never reaches the
 * repository's bytes or names; a host without the identity dumps, lists and prunes; restore and
 * verify need the identity, and a wrong or missing one restores nothing (exit 1).
 */
class EncryptedDumpIT {
    static final String MARKER = "zqxmarker7731";
    static TestCluster pg;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        pg = TestCluster.start();
        Shapes.roles(pg);
        Shapes.icuDatabase(pg, "shop");
        Shapes.databaseProperties(pg, "shop");
        Shapes.largeObjects(pg, "shop");
        Shapes.latin1Database(pg, "legacy");
        String db = "db_" + MARKER;
        pg.execute("postgres", "CREATE ROLE r_" + MARKER + " LOGIN", "CREATE DATABASE " + db,
                "COMMENT ON DATABASE " + db + " IS 'comment " + MARKER + "'");
        pg.execute(db, "CREATE TABLE t_" + MARKER + " (id int PRIMARY KEY, note text)",
                "INSERT INTO t_" + MARKER + " SELECT g, 'row " + MARKER + " ' || g FROM generate_series(1, 5000) g",
                "GRANT SELECT ON t_" + MARKER + " TO r_" + MARKER);
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    @Test
    void dumpListPruneWithoutTheKeyRestoreAndVerifyWithItAndNoPlaintextInTheRepository() throws Exception {
        Path repo = tmp.resolve("repo");
        Path state = tmp.resolve("state");
        Path sandboxes = Files.createTempDirectory("pgkeeper-enc-verify-");
        Files.setPosixFilePermissions(sandboxes, PosixFilePermissions.fromString("rwxr-xr-x"));
        AgeIdentity key = AgeIdentity.generate();
        AgeIdentity other = AgeIdentity.generate();
        Path identity = EncryptedRepository.identityFile(tmp, "identity.txt", key);
        Path wrong = EncryptedRepository.identityFile(tmp, "wrong.txt", other);
        String cluster = "    logical:\n      databases:\n        include: [shop, legacy, db_" + MARKER + "]\n"
                + "    verify:\n      sandbox:\n        baseDir: " + sandboxes + "\n";
        Path writer = EncryptedRepository.policy(tmp.resolve("writer/pgkeeper.yaml"),
                EncryptedRepository.repositoryYaml(repo, state, List.of(key), null), pg.port(), cluster);
        Path reader = EncryptedRepository.policy(tmp.resolve("reader/pgkeeper.yaml"),
                EncryptedRepository.repositoryYaml(repo, state, List.of(key), identity), pg.port(), cluster);
        Path stranger = EncryptedRepository.policy(tmp.resolve("stranger/pgkeeper.yaml"),
                EncryptedRepository.repositoryYaml(repo, state, List.of(key), wrong), pg.port(), cluster);

        Cli.Result dump = Cli.run("--policy", writer.toString(), "dump");
        assertEquals(0, dump.exitCode(), dump::toString);
        String id = dump.out().trim();
        EncryptedRepository.assertNoMarker(repo, MARKER);
        assertTrue(EncryptedRepository.holding(repo, "Müller").isEmpty() && EncryptedRepository.holding(repo, "shape_app").isEmpty());
        try (Stream<Path> s = Files.walk(state)) {
            assertEquals(List.of(), s.filter(Files::isRegularFile).toList(), "the staged plaintext is removed once encrypted");
        }

        JsonNode stored = Json.mapper().readTree(repo.resolve("main/logical/" + id + "/manifest.json").toFile());
        assertEquals("pgkeeper-encrypted-manifest/1", stored.get("format").asText());
        assertEquals(key.recipient().encoded(), stored.get("recipients").get(0).asText());
        assertFalse(stored.get("manifest").has("databases"), "database names are sealed");

        Cli.Result list = Cli.run("--policy", writer.toString(), "--json", "list");
        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.out().contains(id), list.out());
        assertFalse(list.out().contains(MARKER), "without the key, list shows no database name: " + list.out());
        Cli.Result listWithKey = Cli.run("--policy", reader.toString(), "--json", "list");
        assertTrue(listWithKey.out().contains("db_" + MARKER), listWithKey::toString);
        Cli.Result status = Cli.run("--policy", writer.toString(), "status");
        assertEquals(0, status.exitCode(), status::toString);
        Cli.Result prune = Cli.run("--policy", writer.toString(), "prune");
        assertEquals(0, prune.exitCode(), prune::toString);

        String db = "db_" + MARKER;
        Cli.Result noKey = Cli.run("--policy", writer.toString(), "restore", "--backup", id, "--database", db, "--into", "nokey");
        assertEquals(1, noKey.exitCode(), noKey::toString);
        assertTrue(noKey.err().contains("identityFile"), noKey::toString);
        Cli.Result wrongKey = Cli.run("--policy", stranger.toString(), "restore", "--backup", id, "--database", db, "--into", "wrongkey");
        assertEquals(1, wrongKey.exitCode(), wrongKey::toString);
        assertTrue(wrongKey.err().contains("other recipients"), wrongKey::toString);
        assertFalse(pg.databaseExists("nokey") || pg.databaseExists("wrongkey"), "nothing is restored without the right identity");

        Cli.Result restore = Cli.run("--policy", reader.toString(), "restore", "--backup", id, "--database", db, "--into", "back");
        assertEquals(0, restore.exitCode(), restore::toString);
        assertEquals(5000, pg.queryLong("back", "SELECT count(*) FROM t_" + MARKER + " WHERE note LIKE 'row " + MARKER + "%'"));
        Cli.Result shop = Cli.runWithLog("--policy", reader.toString(), "restore", "--backup", id, "--database", "shop", "--into", "shop_back");
        assertEquals(0, shop.exitCode(), shop::toString);
        assertTrue(shop.err().contains("2 of its 7 file(s) copied"), "a restore of one database decrypts only its dump and schema: " + shop);
        assertEquals(pg.queryString("shop", "SELECT string_agg(w, ',' ORDER BY w) FROM words"),
                pg.queryString("shop_back", "SELECT string_agg(w, ',' ORDER BY w) FROM words"));

        Cli.Result verify = Cli.run("--policy", reader.toString(), "verify");
        assertEquals(0, verify.exitCode(), verify::toString);
        Cli.Result verifyWrong = Cli.run("--policy", stranger.toString(), "verify");
        assertNotEquals(0, verifyWrong.exitCode(), verifyWrong::toString);
        assertEquals(1, verifyWrong.exitCode(), verifyWrong::toString);

        EncryptedRepository.assertNoMarker(repo, MARKER);
        try (Stream<Path> s = Files.walk(state)) {
            assertEquals(List.of(), s.filter(Files::isRegularFile).toList(), "decrypted copies are removed when the run ends");
        }
    }

    @Test
    void rotationByAddingARecipientAndCheckWarnsOfBackupsNoConfiguredIdentityOpens() throws Exception {
        Path repo = tmp.resolve("rotating");
        Path state = tmp.resolve("rotating-state");
        AgeIdentity old = AgeIdentity.generate();
        AgeIdentity fresh = AgeIdentity.generate();
        String cluster = "    logical:\n      databases:\n        include: [legacy]\n";
        Path before = EncryptedRepository.policy(tmp.resolve("r1/pgkeeper.yaml"),
                EncryptedRepository.repositoryYaml(repo, state, List.of(old), null), pg.port(), cluster);
        Cli.Result first = Cli.run("--policy", before.toString(), "dump");
        assertEquals(0, first.exitCode(), first::toString);
        Thread.sleep(1100); // the next backup id is the next second
        Path during = EncryptedRepository.policy(tmp.resolve("r2/pgkeeper.yaml"),
                EncryptedRepository.repositoryYaml(repo, state, List.of(old, fresh), null), pg.port(), cluster);
        Cli.Result second = Cli.run("--policy", during.toString(), "dump");
        assertEquals(0, second.exitCode(), second::toString);

        Path both = tmp.resolve("both.txt");
        Files.writeString(both, old.encoded() + "\n" + fresh.encoded() + "\n");
        Files.setPosixFilePermissions(both, PosixFilePermissions.fromString("rw-------"));
        Path keepingOld = EncryptedRepository.policy(tmp.resolve("r3/pgkeeper.yaml"),
                EncryptedRepository.repositoryYaml(repo, state, List.of(fresh), both), pg.port(), cluster);
        Cli.Result oldStillReadable = Cli.run("--policy", keepingOld.toString(), "restore", "--backup", first.out().trim(), "--database",
                "legacy", "--into", "legacy_old");
        assertEquals(0, oldStillReadable.exitCode(), oldStillReadable::toString);
        Cli.Result quiet = Cli.run("--policy", keepingOld.toString(), "check");
        assertFalse(quiet.out().contains("encryption rotation"), quiet::toString);

        Path newOnly = EncryptedRepository.identityFile(tmp, "fresh.txt", fresh);
        Path after = EncryptedRepository.policy(tmp.resolve("r4/pgkeeper.yaml"),
                EncryptedRepository.repositoryYaml(repo, state, List.of(fresh), newOnly), pg.port(), cluster);
        Cli.Result check = Cli.run("--policy", after.toString(), "check");
        assertTrue(check.out().contains("encryption rotation") && check.out().contains(first.out().trim())
                && !check.out().contains(second.out().trim() + " (encrypted"), check::toString);
        Cli.Result rotated = Cli.run("--policy", after.toString(), "restore", "--backup", second.out().trim(), "--database", "legacy",
                "--into", "legacy_new");
        assertEquals(0, rotated.exitCode(), rotated::toString);
        assertEquals(4, pg.queryLong("legacy_new", "SELECT count(*) FROM people"));
    }

    @Test
    void turnedOnForARepositoryThatHoldsBackupsTheOldOnesStayReadableWithoutTheKey() throws Exception {
        Path repo = tmp.resolve("existing");
        String cluster = "    logical:\n      databases:\n        include: [legacy]\n";
        Path plain = EncryptedRepository.policy(tmp.resolve("e1/pgkeeper.yaml"), "repository:\n  path: " + repo + "\n", pg.port(), cluster);
        Cli.Result before = Cli.run("--policy", plain.toString(), "dump");
        assertEquals(0, before.exitCode(), before::toString);
        Thread.sleep(1100);
        Path encrypted = EncryptedRepository.policy(tmp.resolve("e2/pgkeeper.yaml"),
                EncryptedRepository.repositoryYaml(repo, tmp.resolve("existing-state"), List.of(AgeIdentity.generate()), null), pg.port(), cluster);
        Cli.Result after = Cli.run("--policy", encrypted.toString(), "dump");
        assertEquals(0, after.exitCode(), after::toString);
        Cli.Result list = Cli.run("--policy", encrypted.toString(), "list");
        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.out().contains(before.out().trim()) && list.out().contains(after.out().trim()), list::toString);
        Cli.Result restore = Cli.run("--policy", encrypted.toString(), "restore", "--backup", before.out().trim(), "--database", "legacy",
                "--into", "legacy_before");
        assertEquals(0, restore.exitCode(), restore::toString);
        assertEquals(4, pg.queryLong("legacy_before", "SELECT count(*) FROM people"));
        Cli.Result prune = Cli.run("--policy", encrypted.toString(), "prune");
        assertEquals(0, prune.exitCode(), prune::toString);
    }
}
