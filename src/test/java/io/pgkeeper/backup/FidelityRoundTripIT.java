package io.pgkeeper.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.postgres.SchemaHash;
import io.pgkeeper.process.SystemProcessRunner;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.process.ToolResult;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.testing.TestPolicy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.pgkeeper.testing.Processes;
import io.pgkeeper.testing.ClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** Dump a database full of awkward objects with pgkeeper, restore it, and prove the copy equal. */
@ExtendWith(ClusterExtension.class)
class FidelityRoundTripIT {
    static TestCluster pg;

    @BeforeAll
    static void start(TestCluster started) {
        pg = started;
        pg.execute("postgres", "CREATE ROLE fid_reader NOLOGIN", "CREATE ROLE fid_owner NOLOGIN", "CREATE DATABASE fidelity");
        pg.execute("fidelity",
                "CREATE SCHEMA app",
                "CREATE SCHEMA audit AUTHORIZATION fid_owner",
                "COMMENT ON SCHEMA app IS 'the application''s tables'",
                "CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy')",
                "CREATE TYPE app.address AS (street text, zip varchar(10))",
                "CREATE DOMAIN app.positive AS numeric(12,2) CHECK (VALUE >= 0)",
                "CREATE TABLE app.customers ("
                        + " id bigserial PRIMARY KEY,"
                        + " email varchar(200) NOT NULL UNIQUE,"
                        + " name text NOT NULL,"
                        + " balance app.positive NOT NULL DEFAULT 0,"
                        + " credit numeric CHECK (credit IS NULL OR credit < 1e9),"
                        + " small smallint, counter integer, big bigint, ratio double precision, approx real,"
                        + " active boolean NOT NULL DEFAULT true,"
                        + " born date, created timestamptz NOT NULL DEFAULT '2026-01-01 00:00:00+00', local_ts timestamp, t time,"
                        + " grace interval, ext_id uuid, prefs json, attrs jsonb, tags text[], scores int[],"
                        + " ip inet, net cidr, mood app.mood, home app.address, avatar bytea, validity daterange,"
                        + " CONSTRAINT name_not_blank CHECK (btrim(name) <> ''))",
                "COMMENT ON TABLE app.customers IS 'people who pay'",
                "COMMENT ON COLUMN app.customers.email IS 'login; unique'",
                "CREATE INDEX customers_name_idx ON app.customers (name)",
                "CREATE INDEX customers_active_created_idx ON app.customers (created) WHERE active",
                "CREATE INDEX customers_lower_email_idx ON app.customers (lower(email))",
                "CREATE INDEX customers_attrs_idx ON app.customers USING gin (attrs)",
                "CREATE TABLE app.orders ("
                        + " id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                        + " customer_id bigint NOT NULL REFERENCES app.customers(id) ON DELETE CASCADE,"
                        + " amount numeric(10,2) NOT NULL,"
                        + " amount_cents bigint GENERATED ALWAYS AS ((amount * 100)::bigint) STORED,"
                        + " note text)",
                "CREATE UNIQUE INDEX orders_customer_id_idx ON app.orders (customer_id, id)",
                "CREATE TABLE app.bookings (id serial PRIMARY KEY, during tstzrange NOT NULL, EXCLUDE USING gist (during WITH &&))",
                "CREATE TABLE app.events (id int NOT NULL, at date NOT NULL, payload text) PARTITION BY RANGE (at)",
                "CREATE TABLE app.events_2025 PARTITION OF app.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
                "CREATE TABLE app.events_2026 PARTITION OF app.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
                "CREATE SEQUENCE app.invoice_no START 1000 INCREMENT 7",
                "SELECT nextval('app.invoice_no'), nextval('app.invoice_no')",
                "SELECT setval('app.invoice_no', 5000, true)",
                "CREATE SEQUENCE app.unused_seq",
                "CREATE TABLE audit.changes (id bigserial PRIMARY KEY, tbl text NOT NULL, op text NOT NULL, n int)",
                "ALTER TABLE audit.changes OWNER TO fid_owner",
                "CREATE FUNCTION audit.log_change() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                        + "BEGIN\n  INSERT INTO audit.changes(tbl, op, n) VALUES (TG_TABLE_NAME, TG_OP, NEW.id::int);\n  RETURN NEW;\nEND\n$$",
                "CREATE TRIGGER customers_audit AFTER INSERT OR UPDATE ON app.customers FOR EACH ROW EXECUTE FUNCTION audit.log_change()",
                "CREATE FUNCTION app.label(c app.customers) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT c.name || ' <' || c.email || '>' $$",
                "COMMENT ON FUNCTION app.label(app.customers) IS 'display name'",
                "CREATE VIEW app.active_customers AS SELECT id, email, app.label(c) AS label FROM app.customers c WHERE active",
                "CREATE MATERIALIZED VIEW app.order_totals AS SELECT customer_id, sum(amount) AS total, count(*) AS n FROM app.orders GROUP BY customer_id",
                "CREATE UNIQUE INDEX order_totals_customer_idx ON app.order_totals (customer_id)",
                "GRANT USAGE ON SCHEMA app TO fid_reader",
                "GRANT SELECT ON app.customers, app.active_customers, app.order_totals TO fid_reader",
                "GRANT SELECT (id, amount), UPDATE (note) ON app.orders TO fid_reader",
                "GRANT EXECUTE ON FUNCTION app.label(app.customers) TO fid_reader",
                "REVOKE EXECUTE ON FUNCTION audit.log_change() FROM PUBLIC",
                "ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO fid_reader",
                // data: every type, NULLs, unicode, quotes, newlines, zero bytes, special floats
                "INSERT INTO app.customers (email, name, balance, credit, small, counter, big, ratio, approx, active, born, created,"
                        + " local_ts, t, grace, ext_id, prefs, attrs, tags, scores, ip, net, mood, home, avatar, validity)"
                        + " SELECT 'user' || g || '@example.com',"
                        + " CASE g % 4 WHEN 0 THEN 'Zoë ' || g WHEN 1 THEN 'O''Brien \"' || g || '\"' WHEN 2 THEN E'multi\\nline\\t' || g ELSE '名前' || g END,"
                        + " g * 1.25, CASE WHEN g % 5 = 0 THEN NULL ELSE g * 1000.000001 END,"
                        + " (g % 300)::smallint, g * 7, g::bigint * 10000000000,"
                        + " CASE g % 7 WHEN 0 THEN 'NaN'::float8 WHEN 1 THEN 'Infinity'::float8 WHEN 2 THEN '-0'::float8 ELSE g / 3.0 END,"
                        + " (g / 7.0)::real, g % 3 <> 0, DATE '2000-01-01' + g,"
                        + " TIMESTAMPTZ '2026-03-29 00:30:00+00' + g * INTERVAL '17 minutes',"
                        + " TIMESTAMP '1999-12-31 23:59:59.123456' + g * INTERVAL '1 day', TIME '12:00' + g * INTERVAL '1 second',"
                        + " make_interval(months => g % 13, days => g % 31, secs => g * 1.5),"
                        + " md5(g::text)::uuid, json_build_object('g', g, 'nested', json_build_array(1, 'two', NULL)),"
                        + " jsonb_build_object('k', g, 'flag', g % 2 = 0, 'text', 'ü\"'),"
                        + " ARRAY['a', 'b c', NULL, 'd\"e'], ARRAY[g, g + 1, NULL],"
                        + " ('10.0.' || (g % 256) || '.1')::inet, '192.168.0.0/16'::cidr,"
                        + " (ARRAY['sad', 'ok', 'happy'])[1 + g % 3]::app.mood,"
                        + " ROW('Main St ' || g, lpad(g::text, 5, '0'))::app.address,"
                        + " decode(lpad(to_hex(g), 8, '0') || '00ff00', 'hex'),"
                        + " daterange(DATE '2026-01-01' + g, DATE '2026-02-01' + g)"
                        + " FROM generate_series(1, 120) g",
                "INSERT INTO app.customers (email, name) VALUES ('nulls@example.com', 'only required')",
                "UPDATE app.customers SET prefs = NULL, attrs = NULL WHERE id % 11 = 0",
                "INSERT INTO app.orders (customer_id, amount, note) SELECT 1 + g % 100, g * 0.5, CASE WHEN g % 3 = 0 THEN NULL ELSE 'n' || g END"
                        + " FROM generate_series(1, 300) g",
                "INSERT INTO app.bookings (during) SELECT tstzrange(TIMESTAMPTZ '2026-01-01 00:00+00' + g * INTERVAL '1 hour',"
                        + " TIMESTAMPTZ '2026-01-01 00:00+00' + (g + 1) * INTERVAL '1 hour') FROM generate_series(1, 50) g",
                "INSERT INTO app.events SELECT g, DATE '2025-06-01' + g * 2, repeat('x', g) FROM generate_series(1, 200) g",
                "REFRESH MATERIALIZED VIEW app.order_totals",
                "SELECT lo_from_bytea(424242, convert_to('large object payload ü', 'UTF8') || '\\x00ff00'::bytea || decode(repeat('ab', 5000), 'hex'))",
                "COMMENT ON LARGE OBJECT 424242 IS 'a blob'",
                "GRANT SELECT ON LARGE OBJECT 424242 TO fid_reader",
                "ANALYZE");
    }

    @Test
    void customFormatCopyIsIdenticalToTheSource(@TempDir Path tmp) {
        roundTrip(tmp, "    logical:\n      fingerprint: exact\n", "fidelity_copy");
    }

    @Test
    void parallelDirectoryFormatCopyIsIdenticalToTheSource(@TempDir Path tmp) {
        roundTrip(tmp, "    logical:\n      format: directory\n      jobs: 2\n      parallelDatabases: 2\n      compress: \"gzip:1\"\n",
                "fidelity_dir_copy", "--jobs", "2");
    }

    private static void roundTrip(Path tmp, String logicalYaml, String into, String... restoreOptions) {
        Path policy = TestPolicy.write(tmp, pg, tmp.resolve("repo"), logicalYaml);
        Cli.Result dump = Cli.run("--policy", policy.toString(), "dump", "--database", "fidelity", "--database", "postgres");
        assertEquals(0, dump.exitCode(), dump::toString);
        String id = dump.out().trim();
        List<String> args = new ArrayList<>(List.of("restore", "--policy", policy.toString(), "--backup", id, "--database", "fidelity",
                "--into", into, "--globals"));
        args.addAll(List.of(restoreOptions));
        Cli.Result restore = Cli.run(args.toArray(String[]::new));
        assertEquals(0, restore.exitCode(), restore::toString);

        assertSameLines("pg_dump --schema-only", schema("fidelity"), schema(into));
        assertEquals(dataChecksums("fidelity"), dataChecksums(into));
        // the copy really holds data: a guard against comparing two empty databases
        assertEquals(121, pg.queryLong(into, "SELECT count(*) FROM app.customers"));
        assertEquals(5000, pg.queryLong(into, "SELECT last_value FROM app.invoice_no"));
        assertEquals(7, pg.queryLong(into, "SELECT nextval('app.invoice_no') - 5000"));
        assertEquals(5026, pg.queryLong(into, "SELECT length(lo_get(424242))"));
    }

    private static String schema(String database) {
        PgTools tools = TestCluster.serverTools();
        ToolResult r = Processes.runner().run(ToolCall.of("pg_dump",
                List.of(tools.bin("pg_dump"), "--schema-only", "--no-password", "--dbname=dbname='" + database + "'"),
                Map.of("PGHOST", pg.host(), "PGPORT", Integer.toString(pg.port()), "PGUSER", "postgres"), Duration.ofMinutes(2))
                .withStdout(ToolCall.Stdout.capture()));
        r.orThrow("pg_dump --schema-only " + database, null);
        return SchemaHash.normalize(r.stdout());
    }

    /** md5 of every table's rows, the large objects' contents and every sequence's state. */
    private static Map<String, String> dataChecksums(String database) {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = pg.connect(database); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'm')"
                    + " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' ORDER BY 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertTrue(tables.size() >= 7, "tables found: " + tables);
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '-') FROM " + t + " t")) {
                    rs.next();
                    out.put(t, rs.getString(1));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT m.oid || '=' || md5(lo_get(m.oid)) || ' acl=' || coalesce(m.lomacl::text, '-')"
                    + " || ' comment=' || coalesce(obj_description(m.oid, 'pg_largeobject'), '-') FROM pg_largeobject_metadata m ORDER BY m.oid")) {
                while (rs.next()) {
                    out.merge("large objects", rs.getString(1), (a, b) -> a + "; " + b);
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT schemaname || '.' || sequencename || '=' || coalesce(last_value::text, 'not called')"
                    + " FROM pg_sequences ORDER BY 1")) {
                while (rs.next()) {
                    out.merge("sequences", rs.getString(1), (a, b) -> a + "; " + b);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static void assertSameLines(String what, String expected, String actual) {
        if (expected.equals(actual)) {
            return;
        }
        Set<String> a = new LinkedHashSet<>(List.of(expected.split("\n")));
        Set<String> b = new LinkedHashSet<>(List.of(actual.split("\n")));
        StringBuilder diff = new StringBuilder(what + " differs between source and copy\n");
        a.stream().filter(l -> !b.contains(l)).forEach(l -> diff.append("- ").append(l).append('\n'));
        b.stream().filter(l -> !a.contains(l)).forEach(l -> diff.append("+ ").append(l).append('\n'));
        if (diff.indexOf("\n- ") < 0 && diff.indexOf("\n+ ") < 0) {
            diff.append("(same lines, different order or repetition)");
        }
        fail(diff.toString());
    }
}
