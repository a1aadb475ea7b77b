package io.pgkeeper.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Policies;
import io.pgkeeper.testing.ScramAuth;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.pgkeeper.testing.ClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import io.pgkeeper.testing.ServerSettings;

/**
 * The privileges docs/privileges.md promises, each tried with a real role that is not a
 * superuser, logging in with a scram password from a passfile: what a backup role needs, what a
 * restoring role needs, and what pgkeeper says when a role lacks something.
 */
@ExtendWith(ClusterExtension.class)
class BackupRoleIT {
    static TestCluster pg;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start(@ServerSettings({"wal_level=replica", "max_wal_senders=4"}) TestCluster started) {
        pg = started;
        pg.execute("postgres",
                "CREATE ROLE backup LOGIN REPLICATION PASSWORD 'bk-Pw-1' IN ROLE pg_read_all_data",
                "CREATE ROLE narrow LOGIN PASSWORD 'nr-Pw-2'",
                "CREATE ROLE app_owner LOGIN PASSWORD 'ow-Pw-3'",
                "CREATE ROLE reader LOGIN PASSWORD 'rd-Pw-4'",
                "CREATE ROLE restorer LOGIN CREATEDB CREATEROLE PASSWORD 'rs-Pw-5' IN ROLE app_owner",
                "CREATE DATABASE app OWNER app_owner",
                "CREATE DATABASE mixed",
                "CREATE DATABASE guarded",
                "CREATE DATABASE nobackup",
                "REVOKE CONNECT ON DATABASE nobackup FROM PUBLIC",
                "CREATE ROLE no_createdb LOGIN CREATEROLE PASSWORD 'nc-Pw-7' IN ROLE app_owner",
                "CREATE ROLE no_createrole LOGIN CREATEDB PASSWORD 'nr-Pw-8' IN ROLE app_owner",
                "REVOKE CONNECT ON DATABASE guarded FROM PUBLIC",
                "GRANT CONNECT ON DATABASE guarded TO backup",
                "ALTER ROLE reader IN DATABASE app SET statement_timeout = '9s'",
                "REVOKE CONNECT ON DATABASE app FROM PUBLIC",
                "GRANT CONNECT ON DATABASE app TO reader, narrow, backup",
                "COMMENT ON DATABASE app IS 'owned by app_owner'");
        pg.execute("app", "SET ROLE app_owner", "CREATE TABLE items (id serial PRIMARY KEY, label text)",
                "INSERT INTO items (label) SELECT 'i' || g FROM generate_series(1, 50) g",
                "GRANT SELECT ON items TO narrow, reader", "GRANT SELECT ON SEQUENCE items_id_seq TO narrow");
        pg.execute("guarded", "CREATE TABLE g (x int)", "INSERT INTO g VALUES (1)");
        pg.execute("mixed", "CREATE TABLE open_data (x int)", "CREATE TABLE secret (x int)", "CREATE TABLE ruled (x int)",
                "ALTER TABLE ruled ENABLE ROW LEVEL SECURITY", "GRANT SELECT ON open_data, ruled TO narrow",
                "SELECT lo_from_bytea(880001, 'blob')");
        ScramAuth.require(pg, "backup", "narrow", "restorer", "reader", "no_createdb", "no_createrole");
    }

    private Path policy(String role, String password, String extra) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(role));
        Path passfile = ScramAuth.passfile(dir, pg, role, password);
        Path sandboxes = Files.createTempDirectory("pgkeeper-role-it-");
        Files.setPosixFilePermissions(sandboxes, PosixFilePermissions.fromString("rwxr-xr-x"));
        return Policies.write(dir, tmp.resolve("repo"), Policies.connection(pg.port(), role) + "      passfile: " + passfile + "\n",
                "    verify:\n      sandbox:\n        baseDir: " + sandboxes + "\n" + extra);
    }

    @Test
    void pgReadAllDataAndReplicationAreEnoughToDumpWithPasswordsBaseBackupAndVerify() throws IOException {
        Path policy = policy("backup", "bk-Pw-1", "    logical:\n      fingerprint: exact\n      databases:\n        include: [app, guarded]\n");
        Cli.Result dump = Cli.run("--policy", policy.toString(), "--json", "dump");
        assertEquals(0, dump.exitCode(), dump::toString);
        JsonNode m = Json.mapper().readTree(dump.out());
        assertFalse(m.has("warnings"), dump::toString);
        String id = m.get("id").asText();
        String globals = Files.readString(tmp.resolve("repo/main/logical/" + id + "/globals.sql"));
        assertTrue(globals.contains("PASSWORD 'SCRAM-SHA-256$"), "pg_read_all_data may read pg_authid, so the hashes are in the backup");

        Cli.Result verify = Cli.run("--policy", policy.toString(), "verify", "--backup", id);
        assertEquals(0, verify.exitCode(), verify::toString);

        Cli.Result bb = Cli.run("--policy", policy.toString(), "--json", "basebackup");
        assertEquals(0, bb.exitCode(), bb::toString);
        // a database the role may not connect to gets no fingerprint; the base backup is whole all the same
        List<String> fingerprinted = new java.util.ArrayList<>();
        Json.mapper().readTree(bb.out()).get("databases").forEach(d -> fingerprinted.add(d.get("name").asText()));
        assertTrue(fingerprinted.containsAll(List.of("app", "guarded", "postgres")) && !fingerprinted.contains("nobackup"), fingerprinted::toString);

        // verify and list never connect to the policy's server: a policy naming a port where nothing listens will do
        String text = Files.readString(policy).replace("port: " + pg.port(), "port: " + io.pgkeeper.postgres.LocalServer.freePort());
        Path unreachable = Files.writeString(Files.createDirectories(tmp.resolve("unreachable")).resolve("pgkeeper.yaml"), text);
        Cli.Result offline = Cli.run("--policy", unreachable.toString(), "verify", "--backup", id);
        assertEquals(0, offline.exitCode(), offline::toString);
        assertEquals(0, Cli.run("--policy", unreachable.toString(), "list").exitCode());
    }

    @Test
    void aRoleThatCannotReadPgAuthidGetsGlobalsWithoutPasswordsAndSaysSo() throws IOException {
        Path policy = policy("narrow", "nr-Pw-2", "    logical:\n      databases:\n        include: [app]\n");
        Cli.Result json = Cli.run("--policy", policy.toString(), "--json", "dump");
        assertEquals(0, json.exitCode(), json::toString);
        JsonNode m = Json.mapper().readTree(json.out());
        assertTrue(m.get("warnings").get(0).asText().startsWith("role passwords are not in this backup: the backup role \"narrow\" cannot read pg_authid"),
                json::toString);
        String globals = Files.readString(tmp.resolve("repo/main/logical/" + m.get("id").asText() + "/globals.sql"));
        assertTrue(globals.contains("CREATE ROLE reader;") && !globals.contains("SCRAM-SHA-256$"), globals);

        Cli.Result text = Cli.run("--policy", policy.toString(), "dump");
        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(text.err().contains("role passwords are not in this backup"), text::toString);
    }

    @Test
    void whatTheRoleCannotReadIsNamedBeforeAnythingIsDumped() throws IOException {
        Path narrow = policy("narrow", "nr-Pw-2", "");
        Cli.Result noConnect = Cli.run("--policy", narrow.toString(), "dump", "--database", "guarded");
        assertEquals(1, noConnect.exitCode(), noConnect::toString);
        assertTrue(noConnect.err().contains("permission denied for database \"guarded\""), noConnect::toString);

        Cli.Result r = Cli.run("--policy", narrow.toString(), "dump", "--database", "mixed");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("the backup role \"narrow\" cannot read 3 object(s) of database \"mixed\""), r::toString);
        assertTrue(r.err().contains("table public.secret: no SELECT privilege"), r::toString);
        assertTrue(r.err().contains("table public.ruled: row-level security applies; the role needs BYPASSRLS"), r::toString);
        assertTrue(r.err().contains("large object 880001: no SELECT privilege"), r::toString);
        assertFalse(r.err().contains("could not import the requested snapshot"), r::toString);

        Path backup = policy("backup", "bk-Pw-1", "    logical:\n      fingerprint: exact\n");
        Cli.Result b = Cli.run("--policy", backup.toString(), "dump", "--database", "mixed");
        assertEquals(1, b.exitCode(), b::toString);
        assertTrue(b.err().contains("cannot read 2 object(s)") && b.err().contains("table public.ruled")
                && b.err().contains("large object 880001"), "pg_read_all_data neither bypasses RLS nor reads large objects: " + b);
        assertEquals(0, listBackups(), "no backup was made of a database the role cannot read");
    }

    @Test
    void aRoleWithCreatedbCreateroleAndMembershipOfTheOwnerRestoresEveryProperty() throws IOException {
        Path superuser = Policies.write(Files.createDirectories(tmp.resolve("su")), tmp.resolve("repo"), Policies.connection(pg.port(), "postgres"),
                "    logical:\n      databases:\n        include: [app]\n");
        Cli.Result dump = Cli.run("--policy", superuser.toString(), "dump");
        assertEquals(0, dump.exitCode(), dump::toString);
        Path restorer = policy("restorer", "rs-Pw-5", "");
        Cli.Result r = Cli.run("--policy", restorer.toString(), "--json", "restore", "--database", "app", "--into", "app_restored");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(0, Json.mapper().readTree(r.out()).get("warnings").size(), r::toString);
        assertEquals(io.pgkeeper.testing.Oracle.databaseProperties(pg, "app").toString().replace("app", "X"),
                io.pgkeeper.testing.Oracle.databaseProperties(pg, "app_restored").toString().replace("app_restored", "X").replace("app", "X"));
        Cli.Result again = Cli.run("--policy", restorer.toString(), "restore", "--database", "app", "--into", "app_restored", "--clean");
        assertEquals(0, again.exitCode(), again::toString);

        pg.execute("postgres", "CREATE ROLE plain_creator LOGIN CREATEDB PASSWORD 'pc-Pw-6'");
        ScramAuth.require(pg, "plain_creator");
        Path plain = policy("plain_creator", "pc-Pw-6", "");
        Cli.Result refused = Cli.run("--policy", plain.toString(), "restore", "--database", "app", "--into", "app_plain");
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("must be member of role \"app_owner\"") && refused.err().contains("docs/privileges.md"), refused::toString);
        assertFalse(pg.databaseExists("app_plain"));

        Cli.Result noCreatedb = Cli.run("--policy", policy("no_createdb", "nc-Pw-7", "").toString(), "restore", "--database", "app", "--into", "app_x");
        assertEquals(1, noCreatedb.exitCode(), noCreatedb::toString);
        assertTrue(noCreatedb.err().contains("permission denied to create database"), noCreatedb::toString);
        Cli.Result noCreaterole = Cli.run("--policy", policy("no_createrole", "nr-Pw-8", "").toString(), "restore", "--database", "app", "--into", "app_y");
        assertEquals(1, noCreaterole.exitCode(), noCreaterole::toString);
        assertTrue(noCreaterole.err().contains("cannot restore the role setting of database \"app\"") && noCreaterole.err().contains("CREATEROLE"),
                noCreaterole::toString);
        assertFalse(pg.databaseExists("app_x") || pg.databaseExists("app_y"));
        assertEquals(0, pg.queryLong("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE 'pgkeeper_restore_%'"));
    }

    private long listBackups() throws IOException {
        if (!Files.isDirectory(tmp.resolve("repo/main/logical"))) {
            return 0;
        }
        try (var s = Files.list(tmp.resolve("repo/main/logical"))) {
            return s.filter(p -> Files.exists(p.resolve("manifest.json"))).count();
        }
    }
}
