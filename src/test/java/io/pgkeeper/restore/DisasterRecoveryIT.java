package io.pgkeeper.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.process.SystemProcessRunner;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Oracle;
import io.pgkeeper.testing.Policies;
import io.pgkeeper.testing.ScramAuth;
import io.pgkeeper.testing.Shapes;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.util.Json;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.pgkeeper.testing.Processes;
import io.pgkeeper.testing.ClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Disaster recovery from a logical backup: a production-shaped cluster is dumped, and
 * {@code restore --all --globals} brings it back into a freshly initdb'd cluster. The copy is
 * judged against a second fresh cluster restored with PostgreSQL's own tools alone (psql for the
 * globals, {@code pg_restore --create} per database): their pg_dumpall must be identical.
 */
@ExtendWith(ClusterExtension.class)
class DisasterRecoveryIT {
    static TestCluster source;

    @TempDir
    static Path tmp;

    static String backupId;

    @BeforeAll
    static void start(TestCluster started) {
        source = started;
        Shapes.roles(source);
        Shapes.icuDatabase(source, "shop");
        Shapes.databaseProperties(source, "shop");
        Shapes.inheritanceAndPartitions(source, "shop");
        Shapes.largeObjects(source, "shop");
        Shapes.latin1Database(source, "legacy");
        source.execute("postgres", "CREATE TABLE ops_notes (note text)", "INSERT INTO ops_notes VALUES ('in the maintenance database')",
                "COMMENT ON DATABASE postgres IS 'maintenance, with notes'");
        Cli.Result dump = Cli.run("--policy", policy(source).toString(), "dump");
        assertEquals(0, dump.exitCode(), dump::toString);
        backupId = dump.out().trim();
    }

    /** One repository, policies for several servers: the backup of the source restores into each. */
    static Path policy(TestCluster pg) {
        Path dir = tmp.resolve("policy-" + pg.port());
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Policies.write(dir, tmp.resolve("repo"), Policies.connection(pg.port(), "postgres"), "    logical:\n      fingerprint: exact\n");
    }

    @Test
    void restoreAllWithGlobalsBringsTheWholeClusterBackIntoANewServer() throws Exception {
        try (TestCluster target = TestCluster.start(); TestCluster reference = TestCluster.start()) {
            Cli.Result r = Cli.run("--policy", policy(target).toString(), "--json", "restore", "--all", "--globals", "--backup", backupId);
            assertEquals(0, r.exitCode(), r::toString);
            JsonNode json = Json.mapper().readTree(r.out());
            assertEquals(List.of("legacy", "postgres", "shop"), names(json.get("databases")));
            assertTrue(names(json.get("createdRoles")).containsAll(List.of("shape_app", "shape_outsider", "shape_owner")), r::toString);
            assertEquals(0, json.get("warnings").size(), r::toString);

            // the roles came back with their scram passwords, and only those let in who were let in before
            ScramAuth.require(target, "shape_app", "shape_outsider", "shape_owner");
            try (Connection c = ScramAuth.login(target, "shop", "shape_app", "app-Pw-2"); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT current_setting('statement_timeout'), current_setting('work_mem'),"
                            + " string_agg(w, ',' ORDER BY w) FROM words")) {
                rs.next();
                assertEquals("41s", rs.getString(1));
                assertEquals("7MB", rs.getString(2));
                assertEquals(Shapes.ICU_ORDER, rs.getString(3));
            }
            SQLException refused = assertThrows(SQLException.class, () -> ScramAuth.login(target, "shop", "shape_outsider", "outsider-Pw-3").close());
            assertTrue(refused.getMessage().contains("CONNECT"), refused.getMessage());
            ScramAuth.login(target, "postgres", "shape_outsider", "outsider-Pw-3").close();
            assertThrows(SQLException.class, () -> ScramAuth.login(target, "postgres", "shape_outsider", "wrong").close());

            for (String db : List.of("shop", "legacy", "postgres")) {
                assertEquals(Oracle.databaseProperties(source, db), Oracle.databaseProperties(target, db), db);
                assertEquals(Oracle.data(source, db), Oracle.data(target, db), db);
            }
            assertEquals("in the maintenance database", target.queryString("postgres", "SELECT note FROM ops_notes"));
            assertEquals(0, target.queryLong("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE 'pgkeeper_restore_%'"));

            rawRestore(reference);
            String all = Oracle.pgDumpAll(target);
            // a guard against comparing two empty clusters: what must be there is there
            for (String expected : List.of("LOCALE_PROVIDER = icu LOCALE = 'C.UTF-8' ICU_LOCALE = 'sv-SE'", "ENCODING = 'LATIN1'",
                    "REVOKE CONNECT,TEMPORARY ON DATABASE shop FROM PUBLIC", "GRANT CONNECT ON DATABASE shop TO shape_app",
                    "ALTER ROLE shape_app IN DATABASE shop SET statement_timeout TO '41s'", "ALTER DATABASE shop CONNECTION LIMIT = 42",
                    "COMMENT ON DATABASE shop IS 'the shop''s database; handle with care'", "PASSWORD 'SCRAM-SHA-256$",
                    "INHERITS (public.animals)", "SELECT pg_catalog.lo_create('770001')")) {
                assertTrue(all.contains(expected), expected);
            }
            assertEquals(Oracle.pgDumpAll(reference), all);
            for (String db : List.of("shop", "legacy", "postgres")) {
                Oracle.amcheck(target, db);
            }
        }
    }

    @Test
    void existingDatabasesAreRefusedUnlessClean() {
        try (TestCluster target = TestCluster.start()) {
            target.execute("postgres", "CREATE DATABASE shop");
            target.execute("shop", "CREATE TABLE mine (x int)", "INSERT INTO mine VALUES (7)");
            Cli.Result r = Cli.run("--policy", policy(target).toString(), "restore", "--all", "--backup", backupId);
            assertEquals(2, r.exitCode(), r::toString);
            assertTrue(r.err().contains("already exist") && r.err().contains("shop") && r.err().contains("--clean"), r::toString);
            assertFalse(target.databaseExists("legacy"), "nothing was restored");
            assertEquals(7, target.queryLong("shop", "SELECT x FROM mine"));

            Cli.Result clean = Cli.run("--policy", policy(target).toString(), "restore", "--all", "--globals", "--clean", "--backup", backupId,
                    "--jobs", "2");
            assertEquals(0, clean.exitCode(), clean::toString);
            assertEquals(0, target.queryLong("shop", "SELECT count(*) FROM pg_tables WHERE tablename = 'mine'"));
            assertEquals(Oracle.data(source, "shop"), Oracle.data(target, "shop"));
            // and once more over its own restored copy, the maintenance database included
            Cli.Result again = Cli.run("--policy", policy(target).toString(), "restore", "--all", "--clean", "--backup", backupId);
            assertEquals(0, again.exitCode(), again::toString);
            assertEquals("in the maintenance database", target.queryString("postgres", "SELECT note FROM ops_notes"));
        }
    }

    /** What an operator would do by hand: the globals through psql, then pg_restore --create for each database. */
    private static void rawRestore(TestCluster reference) {
        PgTools tools = TestCluster.serverTools();
        Path dir = tmp.resolve("repo/main/logical/" + backupId);
        Map<String, String> env = Map.of("PGHOST", reference.host(), "PGPORT", Integer.toString(reference.port()), "PGUSER", "postgres");
        run(ToolCall.of("psql", List.of(tools.bin("psql"), "-X", "-q", "-d", "postgres", "-f", dir.resolve("globals.sql").toString()), env,
                Duration.ofMinutes(2)), true);
        for (String db : List.of("legacy", "postgres", "shop")) {
            List<String> argv = new java.util.ArrayList<>(List.of(tools.bin("pg_restore"), "--create", "--exit-on-error", "-d", "template1"));
            if (db.equals("postgres")) {
                argv.add(3, "--clean");
            }
            argv.add(dir.resolve(db + ".dump").toString());
            run(ToolCall.of("pg_restore", argv, env, Duration.ofMinutes(2)), false);
        }
    }

    private static void run(ToolCall call, boolean mayComplain) {
        var r = Processes.runner().run(call);
        // psql complains that role postgres exists; that is expected of a globals script on a new server
        if (!mayComplain) {
            r.orThrow(call.tool(), null);
        }
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.has("database") ? n.get("database").asText() : n.asText()));
        return out;
    }
}
