package io.pgkeeper.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.DumpFiles;
import io.pgkeeper.testing.Launcher;
import io.pgkeeper.testing.Oracle;
import io.pgkeeper.testing.Policies;
import io.pgkeeper.testing.ScramAuth;
import io.pgkeeper.testing.Shapes;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.testing.TestPolicy;
import io.pgkeeper.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.pgkeeper.testing.ClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** One database restored with everything the dump holds about it, and every way such a restore is refused. */
@ExtendWith(ClusterExtension.class)
class DatabasePropertiesRestoreIT {
    static TestCluster pg;
    static Path tablespaceDir;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start(TestCluster started) throws Exception {
        pg = started;
        Shapes.roles(pg);
        Shapes.icuDatabase(pg, "shop");
        Shapes.databaseProperties(pg, "shop");
        Shapes.largeObjects(pg, "shop");
        pg.execute("shop", "CREATE TABLE orders (id int NOT NULL, at date NOT NULL) PARTITION BY RANGE (at)",
                "CREATE TABLE orders_2026 PARTITION OF orders FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
                "INSERT INTO orders SELECT g, DATE '2026-01-01' + g FROM generate_series(1, 200) g");
        tablespaceDir = Launcher.serverWritableDir().resolve("ts");
        Files.createDirectory(tablespaceDir);
        Launcher.giveToServer(tablespaceDir);
        pg.execute("postgres", "CREATE TABLESPACE fast LOCATION '" + tablespaceDir + "'",
                "CREATE DATABASE placed OWNER shape_owner TABLESPACE fast");
        pg.execute("placed", "CREATE TABLE t (x int)", "INSERT INTO t VALUES (1)");
        pg.execute("postgres", "ALTER ROLE shape_app IN DATABASE placed SET work_mem = '3MB'", "GRANT CONNECT ON DATABASE placed TO shape_app");
        ScramAuth.require(pg, "shape_app", "shape_outsider");
    }

    private Path policy() {
        return TestPolicy.write(tmp, pg, tmp.resolve("repo"));
    }

    private String dump(Path policy, String... databases) {
        List<String> args = new ArrayList<>(List.of("--policy", policy.toString(), "dump"));
        for (String d : databases) {
            args.addAll(List.of("--database", d));
        }
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r::toString);
        return r.out().trim();
    }

    private long staging(TestCluster server) {
        return server.queryLong("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE 'pgkeeper_restore_%'");
    }

    @Test
    void theCopyHasTheSourcesPropertiesLocaleAndData() throws Exception {
        Path policy = policy();
        String id = dump(policy, "shop");
        Cli.Result r = Cli.run("--policy", policy.toString(), "--json", "restore", "--backup", id, "--database", "shop", "--into", "shop_copy");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(0, Json.mapper().readTree(r.out()).get("warnings").size(), r::toString);
        assertEquals(Oracle.databaseProperties(pg, "shop"), Oracle.databaseProperties(pg, "shop_copy"));
        assertEquals(Oracle.data(pg, "shop"), Oracle.data(pg, "shop_copy"));
        assertEquals(Oracle.pgDump(pg, "shop", "--schema-only"), Oracle.pgDump(pg, "shop_copy", "--schema-only"));
        assertEquals(Shapes.ICU_ORDER, pg.queryString("shop_copy", "SELECT string_agg(w, ',' ORDER BY w) FROM words"));
        try (Connection c = ScramAuth.login(pg, "shop_copy", "shape_app", "app-Pw-2"); var rs = c.createStatement().executeQuery("SHOW statement_timeout")) {
            rs.next();
            assertEquals("41s", rs.getString(1));
        }
        SQLException refused = assertThrows(SQLException.class, () -> ScramAuth.login(pg, "shop_copy", "shape_outsider", "outsider-Pw-3").close());
        assertTrue(refused.getMessage().contains("CONNECT"), refused.getMessage());
        assertEquals(0, staging(pg));
        Oracle.amcheck(pg, "shop_copy");
    }

    @Test
    void missingRolesAndTablespaceAreWarningsThatSuggestGlobals() throws Exception {
        Path policy = policy();
        String id = dump(policy, "placed");
        try (TestCluster fresh = TestCluster.start()) {
            Path other = Policies.write(Files.createDirectories(tmp.resolve("fresh")), tmp.resolve("repo"), Policies.connection(fresh.port(), "postgres"), "");
            Cli.Result r = Cli.run("--policy", other.toString(), "--json", "restore", "--backup", id, "--database", "placed");
            assertEquals(0, r.exitCode(), r::toString);
            JsonNode warnings = Json.mapper().readTree(r.out()).get("warnings");
            String all = warnings.toString();
            assertTrue(all.contains("role \\\"shape_owner\\\", the owner of database \\\"placed\\\", does not exist") && all.contains("--globals"), all);
            assertTrue(all.contains("tablespace \\\"fast\\\" of database \\\"placed\\\" does not exist on this server"), all);
            assertTrue(all.contains("role setting") && all.contains("role \\\"shape_app\\\" does not exist"), all);
            assertTrue(all.contains("acl"), all);
            assertEquals("postgres", fresh.queryString("postgres", "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'placed'"));
            assertEquals(1, fresh.queryLong("placed", "SELECT x FROM t"));

            Cli.Result text = Cli.run("--policy", other.toString(), "--quiet", "restore", "--backup", id, "--database", "placed", "--into", "placed2");
            assertEquals(0, text.exitCode(), text::toString);
            assertTrue(text.out().contains("warning: role \"shape_owner\", the owner of database \"placed\", does not exist"), text::toString);

            Cli.Result withGlobals = Cli.run("--policy", other.toString(), "--json", "restore", "--backup", id, "--database", "placed",
                    "--into", "placed3", "--globals");
            assertEquals(0, withGlobals.exitCode(), withGlobals::toString);
            assertEquals("shape_owner", fresh.queryString("postgres", "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'placed3'"));
            String w = Json.mapper().readTree(withGlobals.out()).get("warnings").toString();
            assertFalse(w.contains("owner"), w);
            assertTrue(w.contains("tablespace \\\"fast\\\""), "pg_dumpall --roles-only has no tablespaces: " + w);
        }
        // on the server that has the tablespace, the copy lives in it
        Cli.Result here = Cli.run("--policy", policy.toString(), "restore", "--backup", id, "--database", "placed", "--into", "placed_here");
        assertEquals(0, here.exitCode(), here::toString);
        assertEquals(Oracle.databaseProperties(pg, "placed"), Oracle.databaseProperties(pg, "placed_here"));
    }

    @Test
    void aDumpThatHoldsAnotherDatabaseIsRefusedWithExit3() throws Exception {
        pg.execute("postgres", "CREATE DATABASE swap_a", "CREATE DATABASE swap_b");
        pg.execute("swap_a", "CREATE TABLE t (v text)", "INSERT INTO t VALUES ('a')");
        pg.execute("swap_b", "CREATE TABLE t (v text)", "INSERT INTO t VALUES ('b')");
        Path policy = policy();
        String id = dump(policy, "swap_a", "swap_b");
        Path dir = tmp.resolve("repo/main/logical/" + id);
        DumpFiles.swap(dir, "swap_a.dump", "swap_b.dump");
        Cli.Result r = Cli.run("--policy", policy.toString(), "restore", "--backup", id, "--database", "swap_a", "--into", "swap_copy");
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.err().contains("holds database \"swap_b\", not \"swap_a\"") && r.err().contains("nothing was restored"), r::toString);
        assertFalse(pg.databaseExists("swap_copy"));
        assertEquals(0, staging(pg));
        Cli.Result all = Cli.run("--policy", policy.toString(), "restore", "--all", "--clean", "--backup", id);
        assertEquals(3, all.exitCode(), all::toString);
        assertEquals("a", pg.queryString("swap_a", "SELECT v FROM t"));
        Cli.Result verify = Cli.run("--policy", policy.toString(), "verify", "--backup", id);
        assertEquals(3, verify.exitCode(), verify::toString);
        assertTrue(verify.out().contains("holds database \"swap_b\", not \"swap_a\" as the manifest says"), verify::toString);
    }

    @Test
    void aTargetNameLongerThan63BytesIsExit2BeforeAnythingIsCreated() {
        Path policy = policy();
        String id = dump(policy, "shop");
        String bytes64 = "é".repeat(32);
        for (String name : List.of("x".repeat(64), bytes64)) {
            Cli.Result r = Cli.run("--policy", policy.toString(), "restore", "--backup", id, "--database", "shop", "--into", name);
            assertEquals(2, r.exitCode(), r::toString);
            assertTrue(r.err().contains("64 bytes long") && r.err().contains("nothing was changed"), r::toString);
        }
        assertEquals(0, staging(pg));
        String longest = "y".repeat(63);
        Cli.Result ok = Cli.run("--policy", policy.toString(), "restore", "--backup", id, "--database", "shop", "--into", longest);
        assertEquals(0, ok.exitCode(), ok::toString);
        assertTrue(pg.databaseExists(longest));
    }

    @Test
    void cleanReplacesTheDatabaseThePolicyConnectsTo() {
        pg.execute("postgres", "CREATE TABLE IF NOT EXISTS keeper (v text)", "DELETE FROM keeper", "INSERT INTO keeper VALUES ('dumped')");
        Path policy = policy();
        String id = dump(policy, "postgres");
        pg.execute("postgres", "UPDATE keeper SET v = 'changed later'");
        Cli.Result r = Cli.run("--policy", policy.toString(), "restore", "--backup", id, "--database", "postgres", "--clean");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("replaced the existing database"), r::toString);
        assertEquals("dumped", pg.queryString("postgres", "SELECT v FROM keeper"));
        assertEquals(0, staging(pg));
    }

    @Test
    void directoryFormatDatabasesNamedLikeTheBackupsOwnFiles() {
        for (String n : List.of("globals.sql", "manifest.json")) {
            pg.execute("postgres", "CREATE DATABASE \"" + n + "\"");
            pg.execute(n, "CREATE TABLE t (v text)", "INSERT INTO t VALUES ('" + n + "')");
        }
        Path policy = TestPolicy.write(tmp, pg, tmp.resolve("repo"), "    logical:\n      format: directory\n      globals: all\n");
        String id = dump(policy, "globals.sql", "manifest.json");
        Path dir = tmp.resolve("repo/main/logical/" + id);
        assertTrue(Files.isRegularFile(dir.resolve("globals.sql")) && Files.isRegularFile(dir.resolve("manifest.json")));
        assertTrue(Files.isDirectory(dir.resolve("globals.sql.dir")) && Files.isDirectory(dir.resolve("manifest.json.dir")));
        for (String n : List.of("globals.sql", "manifest.json")) {
            Cli.Result r = Cli.run("--policy", policy.toString(), "restore", "--backup", id, "--database", n, "--into", n + " copy");
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals(n, pg.queryString(n + " copy", "SELECT v FROM t"));
        }
    }

    @Test
    void aLocaleTheServerLacksIsRefusedBeforeAnythingIsCreated() throws Exception {
        pg.execute("postgres", "CREATE ROLE locale_owner", "CREATE DATABASE odd_locale OWNER locale_owner TEMPLATE template0 LOCALE 'C.UTF-8'");
        Path policy = policy();
        String id = dump(policy, "odd_locale");
        Path dir = tmp.resolve("repo/main/logical/" + id);
        // as if dumped on a machine that has a locale this one lacks: the archive's CREATE DATABASE names it
        DumpFiles.replaceBytes(dir, "odd_locale.dump", "LOCALE = 'C.UTF-8'", "LOCALE = 'q.UTF-8'");
        try (TestCluster fresh = TestCluster.start()) {
            Path other = Policies.write(Files.createDirectories(tmp.resolve("fresh")), tmp.resolve("repo"), Policies.connection(fresh.port(), "postgres"), "");
            Cli.Result r = Cli.run("--policy", other.toString(), "restore", "--backup", id, "--database", "odd_locale", "--globals");
            assertEquals(1, r.exitCode(), r::toString);
            assertTrue(r.err().contains("cannot create database \"odd_locale\" as it was dumped") && r.err().contains("q.UTF-8")
                    && r.err().contains("nothing was changed") && r.err().contains("locale -a"), r::toString);
            assertFalse(fresh.databaseExists("odd_locale"));
            assertEquals(0, staging(fresh));
            assertEquals(0, fresh.queryLong("postgres", "SELECT count(*) FROM pg_roles WHERE rolname = 'locale_owner'"), "no role created either");
        }
    }
}
