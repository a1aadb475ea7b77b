package io.pgkeeper.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.postgres.Catalog;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.testing.TestPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.pgkeeper.testing.ClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ClusterExtension.class)
class RestoreSemanticsIT {
    static TestCluster pg;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start(TestCluster started) {
        pg = started;
        pg.execute("postgres", "CREATE DATABASE app");
        pg.execute("app", "CREATE TABLE items(id int PRIMARY KEY, label text)",
                "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 10) g");
    }

    private Path policy() {
        return TestPolicy.write(tmp, pg, tmp.resolve("repo"));
    }

    private String dump(Path policy, String... databases) {
        String[] args = new String[3 + databases.length * 2];
        args[0] = "--policy";
        args[1] = policy.toString();
        args[2] = "dump";
        for (int i = 0; i < databases.length; i++) {
            args[3 + 2 * i] = "--database";
            args[4 + 2 * i] = databases[i];
        }
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.exitCode(), r::toString);
        return r.out().trim();
    }

    private long stagingDatabases() {
        return pg.queryLong("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE 'pgkeeper_restore_%'");
    }

    @Test
    void refusesAnExistingTargetWithoutClean() {
        Path policy = policy();
        String id = dump(policy, "app");
        pg.execute("postgres", "CREATE DATABASE busy");
        pg.execute("busy", "CREATE TABLE mine(x int)", "INSERT INTO mine VALUES (7)");
        Cli.Result r = Cli.run("--policy", policy.toString(), "restore", "--backup", id, "--database", "app", "--into", "busy");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("database \"busy\" already exists") && r.err().contains("--clean"), r::toString);
        assertEquals(7, pg.queryLong("busy", "SELECT x FROM mine"));
        assertEquals(0, pg.queryLong("busy", "SELECT count(*) FROM pg_tables WHERE tablename = 'items'"));
        assertEquals(0, stagingDatabases());
    }

    @Test
    void cleanReplacesTheTarget() {
        Path policy = policy();
        String id = dump(policy, "app");
        pg.execute("postgres", "CREATE DATABASE replaced");
        pg.execute("replaced", "CREATE TABLE old_stuff(x int)");
        Cli.Result r = Cli.run("--policy", policy.toString(), "restore", "--backup", id, "--database", "app", "--into", "replaced", "--clean");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("replaced the existing database"), r::toString);
        assertEquals(10, pg.queryLong("replaced", "SELECT count(*) FROM items"));
        assertEquals(0, pg.queryLong("replaced", "SELECT count(*) FROM pg_tables WHERE tablename = 'old_stuff'"));
        assertEquals(0, stagingDatabases());
    }

    @Test
    void globalsCreateMissingRolesAndLeaveExistingOnesAlone() {
        pg.execute("postgres", "CREATE ROLE gone_role LOGIN", "CREATE ROLE kept_role NOLOGIN", "GRANT kept_role TO gone_role",
                "COMMENT ON ROLE gone_role IS 'comes back; with a comment'");
        Path policy = policy();
        String id = dump(policy, "app");
        pg.execute("postgres", "DROP ROLE gone_role", "ALTER ROLE kept_role CONNECTION LIMIT 5");
        Cli.Result r = Cli.run("--policy", policy.toString(), "restore", "--backup", id, "--database", "app", "--into", "app_roles", "--globals");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("created roles: gone_role"), r::toString);
        assertEquals(1, pg.queryLong("postgres", "SELECT count(*) FROM pg_roles WHERE rolname = 'gone_role' AND rolcanlogin"));
        assertEquals("comes back; with a comment", pg.queryString("postgres",
                "SELECT shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = 'gone_role'"));
        assertEquals(1, pg.queryLong("postgres", "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid"
                + " JOIN pg_roles u ON u.oid = m.member WHERE r.rolname = 'kept_role' AND u.rolname = 'gone_role'"));
        assertEquals(5, pg.queryLong("postgres", "SELECT rolconnlimit FROM pg_roles WHERE rolname = 'kept_role'"));
        assertEquals(10, pg.queryLong("app_roles", "SELECT count(*) FROM items"));
    }

    @Test
    void corruptedDumpIsRefusedWithExit3(@TempDir Path other) throws IOException {
        Path policy = TestPolicy.write(other, pg, other.resolve("repo"));
        String id = dump(policy, "app");
        Path file = other.resolve("repo/main/logical/" + id + "/app.dump");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
        Cli.Result r = Cli.run("--policy", policy.toString(), "restore", "--backup", id, "--database", "app", "--into", "app_corrupt");
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.err().contains("app.dump: sha256"), r::toString);
        assertTrue(r.err().contains("nothing was restored"), r::toString);
        assertFalse(pg.databaseExists("app_corrupt"));
        assertEquals(0, stagingDatabases());
    }

    @Test
    void hostileDatabaseNamesDumpAndRestore() {
        String[] names = {"my \"odd\" db", "-x", "Ünïcødé", "it's; DROP", "a\\b"};
        for (String n : names) {
            pg.execute("postgres", "CREATE DATABASE " + Catalog.ident(n));
            pg.execute(n, "CREATE TABLE t(v text)", "INSERT INTO t VALUES (" + Catalog.literal(n) + ")");
        }
        Path policy = policy();
        String id = dump(policy, names);
        Cli.Result list = Cli.run("--policy", policy.toString(), "--json", "list");
        for (String n : names) {
            assertTrue(list.out().contains("\"name\" : " + io.pgkeeper.util.Json.mapper().valueToTree(n).toString())
                    || list.out().contains("\"name\":" + io.pgkeeper.util.Json.mapper().valueToTree(n).toString()), list.out());
            String into = n + " copy";
            Cli.Result r = Cli.run("--policy", policy.toString(), "restore", "--backup", id, "--database", n, "--into", into);
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals(n, pg.queryString(into, "SELECT v FROM t"));
            Cli.Result clean = Cli.run("--policy", policy.toString(), "restore", "--backup", id, "--database", n, "--clean");
            assertEquals(0, clean.exitCode(), clean::toString);
            assertEquals(n, pg.queryString(n, "SELECT v FROM t"));
        }
    }
}
