package io.pgkeeper.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.testing.ArchivingPrimary;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.DumpDiff;
import io.pgkeeper.testing.Oracle;
import io.pgkeeper.testing.Shapes;
import io.pgkeeper.testing.Tablespaces;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One database, or some of its tables, brought back as of a moment from a physical backup, on an
 * archiving primary shaped like production: an ICU database owned by another role with settings,
 * a role setting, CONNECT revoked from PUBLIC, a comment and a connection limit; a schema owned by
 * that role; an enum; a table with an identity column, a foreign key, a check, an expression
 * index and a partial unique index in a user tablespace; a partitioned table; an unlogged table;
 * a view; a large object. Batches on either side of each target, then the table is dropped.
 * Independent oracles: pg_dump (a diff against a logical dump taken at the first target, the
 * dropped table's definition as pg_dump printed it before the drop) and pg_amcheck --heapallindexed.
 */
class PointInTimeRestoreIT {
    static ArchivingPrimary primary;
    static TestCluster pg;
    static Path sandboxes;
    static String beforeBackup;
    static String afterBatch1;
    static String afterBatch2;
    static String dumpAtBatch1;
    static String ordersDefinition;
    static String ordersRows;
    static String refundsRows;
    static Map<String, String> appProperties;

    @BeforeAll
    static void setUp() throws Exception {
        Path dir = io.pgkeeper.testing.Launcher.serverWritableDir();
        sandboxes = dir.resolve("sandboxes");
        primary = ArchivingPrimary.start(Map.of(), "    verify:\n      sandbox:\n        baseDir: " + sandboxes + "\n");
        pg = primary.server();
        Shapes.roles(pg);
        Shapes.icuDatabase(pg, "app");
        Shapes.databaseProperties(pg, "app");
        Shapes.largeObjects(pg, "app");
        Tablespaces.create(pg, primary.dir(), "fast");
        pg.execute("app",
                "CREATE SCHEMA sales AUTHORIZATION shape_owner",
                "CREATE TYPE sales.status AS ENUM ('new', 'paid', 'sent')",
                "CREATE TABLE sales.customers (id int PRIMARY KEY, name text NOT NULL UNIQUE)",
                "CREATE TABLE sales.orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, customer_id int NOT NULL REFERENCES sales.customers,"
                        + " status sales.status NOT NULL DEFAULT 'new', amount numeric(10,2) CHECK (amount >= 0), note text) TABLESPACE fast",
                "CREATE INDEX orders_customer_idx ON sales.orders (customer_id) TABLESPACE fast",
                "CREATE UNIQUE INDEX orders_note_idx ON sales.orders (lower(note)) WHERE note IS NOT NULL",
                "COMMENT ON TABLE sales.orders IS 'every order'",
                "GRANT SELECT ON sales.orders TO shape_app",
                "CREATE TABLE sales.events (id int NOT NULL, at date NOT NULL, what text) PARTITION BY RANGE (at)",
                "CREATE TABLE sales.events_2025 PARTITION OF sales.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
                "CREATE TABLE sales.events_2026 PARTITION OF sales.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
                "CREATE UNLOGGED TABLE sales.scratch (v int)",
                "CREATE VIEW sales.big_orders AS SELECT * FROM sales.orders WHERE amount > 100",
                "INSERT INTO sales.customers SELECT g, 'customer ' || g FROM generate_series(1, 50) g",
                "SET ROLE shape_owner",
                "CREATE TABLE sales.refunds (id int PRIMARY KEY, amount numeric NOT NULL, at timestamptz DEFAULT now())",
                "GRANT SELECT ON sales.refunds TO shape_app",
                "RESET ROLE",
                "INSERT INTO sales.scratch SELECT generate_series(1, 10)");
        beforeBackup = now();
        Thread.sleep(1100);
        primary.basebackup();

        batch(1, 1000, 100);
        afterBatch1 = pause();
        dumpAtBatch1 = primary.pgkeeper("dump", "--database", "app").out().trim();
        batch(1001, 1500, 50);
        afterBatch2 = pause();
        ordersDefinition = Oracle.pgDump(pg, "app", "--schema-only", "--table=sales.orders");
        ordersRows = rows("sales.orders");
        appProperties = Oracle.databaseProperties(pg, "app");
        refundsRows = rows("sales.refunds");
        pg.execute("app", "DROP TABLE sales.orders CASCADE", "DROP TABLE sales.refunds", "INSERT INTO sales.customers SELECT g, 'late ' || g FROM generate_series(51, 60) g");
        pg.switchWalAndWaitArchived();
    }

    private static void batch(int from, int to, int events) {
        pg.execute("app", "INSERT INTO sales.orders (customer_id, status, amount, note) SELECT g % 50 + 1, 'paid', g, 'order ' || g"
                + " FROM generate_series(" + from + ", " + to + ") g",
                "INSERT INTO sales.events SELECT g, DATE '2025-10-01' + g % 400, 'event ' || g FROM generate_series(" + from + ", " + (from + events - 1) + ") g",
                "INSERT INTO sales.refunds (id, amount) SELECT g, g / 10.0 FROM generate_series(" + from + ", " + (from + 9) + ") g");
    }

    /** A moment with no commit near it: recovery to it stops between the batches. */
    private static String pause() throws InterruptedException {
        Thread.sleep(1100);
        String t = now();
        Thread.sleep(1100);
        return t;
    }

    private static String now() {
        return pg.queryString("postgres", "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
    }

    /** Count and md5 of a table's rows in id order. */
    private static String rows(String table) {
        return pg.queryString("app", "SELECT count(*) || ':' || md5(string_agg(t::text, ',' ORDER BY t.id)) FROM " + table + " t");
    }

    @AfterAll
    static void tearDown() {
        if (primary != null) {
            primary.close();
        }
    }

    private static JsonNode json(Cli.Result r) throws Exception {
        assertEquals(0, r.exitCode(), r::toString);
        return Json.mapper().readTree(r.out());
    }

    private static List<String> leftovers() throws Exception {
        List<String> out = new ArrayList<>();
        if (Files.isDirectory(sandboxes)) {
            try (Stream<Path> s = Files.list(sandboxes)) {
                s.forEach(p -> out.add(p.toString()));
            }
        }
        out.addAll(list("postgres", "SELECT datname FROM pg_database WHERE datname LIKE 'pgkeeper_restore%'"));
        out.addAll(list("app", "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'pgkeeper_restore%'"));
        return out;
    }

    private static List<String> list(String db, String sql) {
        List<String> out = new ArrayList<>();
        try (var c = pg.connect(db); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Test
    void aDroppedTableComesBackIntoANewSchemaOfTheLiveDatabase() throws Exception {
        String customersNow = rows("sales.customers");
        JsonNode r = json(primary.run("--json", "restore", "--database", "app", "--target-time", afterBatch2, "--table", "sales.orders",
                "--table", "sales.customers", "--into-schema", "before_drop"));
        assertEquals("schema", r.get("mode").asText());
        assertEquals("app", r.get("into").asText());
        assertEquals("before_drop", r.get("schema").asText());
        assertTrue(r.get("target").asText().startsWith("time " + afterBatch2.substring(0, 19)), r::toString);
        assertNotNull(r.get("reached").get("lsn").textValue(), r::toString);
        assertNotNull(r.get("reached").get("time").textValue(), r::toString);
        assertEquals(List.of("choose", "sandbox", "recovery", "dump", "restore", "teardown"),
                r.get("steps").findValuesAsText("name"), r::toString);
        assertEquals("[{\"table\":\"sales.customers\",\"restoredAs\":\"before_drop.customers\",\"rows\":50},"
                + "{\"table\":\"sales.orders\",\"restoredAs\":\"before_drop.orders\",\"rows\":1500}]", r.get("tables").toString());

        // every row, and the definition pg_dump printed before the drop: identity, foreign key, check, indexes, tablespace, comment, grant
        assertEquals(ordersRows, rows("before_drop.orders"));
        assertEquals(ordersDefinition, Oracle.pgDump(pg, "app", "--schema-only", "--table=before_drop.orders").replace("before_drop.", "sales."));
        assertEquals("before_drop.customers", pg.queryString("app", "SELECT confrelid::regclass::text FROM pg_constraint WHERE contype = 'f'"
                + " AND conrelid = 'before_drop.orders'::regclass"));
        pg.execute("app", "INSERT INTO before_drop.orders (customer_id, amount) VALUES (7, 1)");
        assertTrue(pg.queryLong("app", "SELECT max(id) FROM before_drop.orders") > 1500, "the identity sequence came back with the table");
        assertEquals("restored by pgkeeper", pg.queryString("app", "SELECT left(obj_description('before_drop'::regnamespace, 'pg_namespace'), 20)"));

        // the live tables and the database itself are as they were
        assertEquals(customersNow, rows("sales.customers"));
        assertEquals(0, pg.queryLong("app", "SELECT count(*) FROM pg_class WHERE relname = 'orders' AND relnamespace = 'sales'::regnamespace"));
        assertEquals(appProperties, Oracle.databaseProperties(pg, "app"));
        assertEquals(List.of(), leftovers());
        Oracle.amcheck(pg, "app");
    }

    /** A partitioned table brings its partitions into the same new schema, still attached: rows are routed as before. */
    @Test
    void aPartitionedTableComesBackWithItsPartitionsIntoOneSchema() throws Exception {
        JsonNode r = json(primary.run("--json", "restore", "--database", "app", "--target-time", afterBatch2, "--table", "sales.events",
                "--into-schema", "events_back"));
        long in2025 = pg.queryLong("app", "SELECT count(*) FROM ONLY sales.events_2025");
        long in2026 = pg.queryLong("app", "SELECT count(*) FROM ONLY sales.events_2026");
        assertEquals("[{\"table\":\"sales.events_2025\",\"restoredAs\":\"events_back.events_2025\",\"rows\":" + in2025 + "},"
                + "{\"table\":\"sales.events_2026\",\"restoredAs\":\"events_back.events_2026\",\"rows\":" + in2026 + "}]", r.get("tables").toString());
        assertEquals(150, in2025 + in2026);
        assertEquals("events_back.events_2025,events_back.events_2026", pg.queryString("app", "SELECT string_agg(inhrelid::regclass::text, ','"
                + " ORDER BY 1) FROM pg_inherits WHERE inhparent = 'events_back.events'::regclass"));
        assertEquals(pg.queryString("app", "SELECT md5(string_agg(t::text, ',' ORDER BY t.id)) FROM sales.events t"),
                pg.queryString("app", "SELECT md5(string_agg(t::text, ',' ORDER BY t.id)) FROM events_back.events t"));
        pg.execute("app", "INSERT INTO events_back.events VALUES (-1, DATE '2025-06-01', 'routed')");
        assertEquals(in2025 + 1, pg.queryLong("app", "SELECT count(*) FROM ONLY events_back.events_2025"));
        assertEquals(List.of(), leftovers());
        Oracle.amcheck(pg, "app");
    }

    @Test
    void aWholeDatabaseAsItWasBetweenTwoBatches() throws Exception {
        JsonNode r = json(primary.run("--json", "restore", "--database", "app", "--target-time", afterBatch1, "--into", "app_batch1"));
        assertEquals("database", r.get("mode").asText());
        assertTrue(r.get("warnings").toString().contains("table sales.scratch is unlogged"), r::toString);
        assertEquals(1000, pg.queryLong("app_batch1", "SELECT count(*) FROM sales.orders"));
        assertEquals(100, pg.queryLong("app_batch1", "SELECT count(*) FROM sales.events"));
        assertEquals(Shapes.ICU_ORDER, pg.queryString("app_batch1", "SELECT string_agg(w, ',' ORDER BY w) FROM words"));
        // the live database keeps its later state
        assertEquals(60, pg.queryLong("app", "SELECT count(*) FROM sales.customers"));
        assertEquals(150, pg.queryLong("app", "SELECT count(*) FROM sales.events"));
        // settings, role setting, ACL, comment, connection limit, owner, ICU locale and tablespace, as the source had them
        assertEquals(appProperties, Oracle.databaseProperties(pg, "app_batch1"));

        // the oracle: a logical dump taken at that moment, restored plainly, differs only where recovery differs by design
        primary.pgkeeper("restore", "--backup", dumpAtBatch1, "--database", "app", "--into", "app_dumped");
        List<String> unexpected = new ArrayList<>();
        for (DumpDiff.Difference d : DumpDiff.between(pg, "app_dumped", "app_batch1").differences()) {
            boolean unlogged = d.type().equals("TABLE DATA") && d.name().equals("sales.scratch");
            boolean sequence = d.type().equals("SEQUENCE SET");
            if (!unlogged && !sequence) {
                unexpected.add(d.detail());
            }
        }
        assertEquals(List.of(), unexpected);
        assertTrue(pg.queryLong("app_batch1", "SELECT last_value FROM sales.orders_id_seq") >= 1000, "a sequence never goes back");
        assertEquals(List.of(), leftovers());
        Oracle.amcheck(pg, "app_batch1");
    }

    @Test
    void tablesIntoANewDatabaseKeepTheirSchemaTypesAndPartitions() throws Exception {
        Cli.Result text = primary.run("restore", "--database", "app", "--target-time", afterBatch2, "--table", "sales.orders", "--table",
                "sales.events", "--into", "app_orders");
        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(text.out().contains("restored tables of database \"app\" as of the time"), text::toString);
        assertTrue(text.out().contains("  sales.orders: 1500 row(s)") && text.out().contains("  sales.events_2025:"), text::toString);
        assertTrue(text.out().contains("steps: choose "), text::toString);
        assertTrue(text.out().contains("warning: foreign key orders_customer_id_fkey of sales.orders references sales.customers, which is not"
                + " restored: it was left out"), text::toString);
        assertEquals(ordersRows, pg.queryString("app_orders", "SELECT count(*) || ':' || md5(string_agg(t::text, ',' ORDER BY t.id)) FROM sales.orders t"));
        assertEquals(150, pg.queryLong("app_orders", "SELECT count(*) FROM sales.events"));
        assertEquals(2, pg.queryLong("app_orders", "SELECT count(*) FROM pg_inherits WHERE inhparent = 'sales.events'::regclass"));
        assertEquals(0, pg.queryLong("app_orders", "SELECT count(*) FROM pg_class WHERE relname IN ('customers', 'words') AND relkind = 'r'"));
        assertEquals("{new,paid,sent}", pg.queryString("app_orders", "SELECT enum_range(NULL::sales.status)::text"));
        assertEquals(1, pg.queryLong("app_orders", "SELECT count(*) FROM pg_views WHERE viewname = 'big_orders'"));
        assertEquals(0, pg.queryLong("app_orders", "SELECT count(*) FROM pg_largeobject_metadata"));
        assertTrue(text.out().contains("warning: the database held 1 large object(s) at the target; they belong to no table"), text::toString);
        assertEquals(appProperties, Oracle.databaseProperties(pg, "app_orders"));
        assertEquals(List.of(), leftovers());
        Oracle.amcheck(pg, "app_orders");
    }

    @Test
    void whatCannotBeDoneIsRefusedAndNothingChanges() throws Exception {
        List<String> databases = list("postgres", "SELECT datname FROM pg_database ORDER BY 1");
        List<String> schemas = list("app", "SELECT nspname FROM pg_namespace ORDER BY 1");

        Cli.Result early = primary.run("restore", "--database", "app", "--target-time", beforeBackup, "--into", "x1");
        assertEquals(2, early.exitCode(), early::toString);
        assertTrue(early.err().contains("no base backup of cluster main ended before the target time"), early::toString);

        Cli.Result logical = primary.run("restore", "--database", "app", "--target-time", afterBatch2, "--backup", dumpAtBatch1, "--into", "x2");
        assertEquals(2, logical.exitCode(), logical::toString);
        assertTrue(logical.err().contains("backup " + dumpAtBatch1 + " is a logical backup (a dump)"), logical::toString);

        Cli.Result exists = primary.run("restore", "--database", "app", "--target-time", afterBatch2);
        assertEquals(2, exists.exitCode(), exists::toString);
        assertTrue(exists.err().contains("database \"app\" already exists") && exists.err().contains("--clean"), exists::toString);

        Cli.Result ignored = primary.run("restore", "--database", "app", "--target-time", afterBatch2, "--into", "x3", "--start");
        assertEquals(2, ignored.exitCode(), ignored::toString);
        assertTrue(ignored.err().contains("--start cannot be honoured by the point-in-time restore of one database"), ignored::toString);

        Cli.Result typo = primary.run("restore", "--database", "app", "--target-time", afterBatch2, "--table", "sales.order");
        assertEquals(2, typo.exitCode(), typo::toString);
        assertTrue(typo.err().contains("table sales.order did not exist in database \"app\" at the recovery target")
                && typo.err().contains("sales.orders"), typo::toString);

        // a commit the archive does not hold yet: the target lies past the archive's end
        pg.execute("postgres", "CREATE TABLE IF NOT EXISTS unarchived (v int)", "INSERT INTO unarchived VALUES (1)");
        String past = pause();
        Cli.Result beyond = primary.run("restore", "--database", "app", "--target-time", past, "--into", "x4");
        assertEquals(1, beyond.exitCode(), beyond::toString);
        assertTrue(beyond.err().contains("target not reached: the archive ends at"), beyond::toString);
        assertTrue(beyond.err().contains("pg_switch_wal()"), beyond::toString);

        assertEquals(databases, list("postgres", "SELECT datname FROM pg_database ORDER BY 1"));
        assertEquals(schemas, list("app", "SELECT nspname FROM pg_namespace ORDER BY 1"));
        assertEquals(List.of(), leftovers());
    }

    /**
     * The policy's role is no superuser (CREATEDB, a member of the role that owns the table, a scram
     * password from a passfile) and did not exist at the target: it brings back the table its role
     * owns; a table owned by a superuser is refused by the server, and nothing is left behind.
     */
    @Test
    void aRoleThatIsNoSuperuserBringsBackTheTablesItsRolesOwn() throws Exception {
        pg.execute("postgres", "SET password_encryption = 'scram-sha-256'",
                "CREATE ROLE restorer LOGIN CREATEDB PASSWORD 'rs-Pw-5' IN ROLE shape_owner");
        io.pgkeeper.testing.ScramAuth.require(pg, "restorer");
        Path dir = Files.createDirectories(primary.dir().resolve("restorer"));
        Path passfile = io.pgkeeper.testing.ScramAuth.passfile(dir, pg, "restorer", "rs-Pw-5");
        Path policy = io.pgkeeper.testing.Policies.write(dir, primary.repository(), io.pgkeeper.testing.Policies.connection(pg.port(), "restorer")
                + "      passfile: " + passfile + "\n", "    osUser: " + TestCluster.OS_USER + "\n    verify:\n      sandbox:\n        baseDir: "
                + sandboxes + "\n");
        List<String> schemas = list("app", "SELECT nspname FROM pg_namespace ORDER BY 1");

        Cli.Result ok = Cli.run("--policy", policy.toString(), "--json", "restore", "--database", "app", "--target-time", afterBatch2,
                "--table", "sales.refunds", "--into-schema", "refunds_back");
        JsonNode r = json(ok);
        assertEquals(20, r.get("rows").asLong(), r::toString);
        assertEquals(refundsRows, rows("refunds_back.refunds"));
        assertEquals("shape_owner", pg.queryString("app", "SELECT tableowner FROM pg_tables WHERE schemaname = 'refunds_back'"));
        assertEquals("shape_owner", pg.queryString("app", "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'refunds_back'"));
        assertTrue(pg.queryString("app", "SELECT relacl::text FROM pg_class WHERE oid = 'refunds_back.refunds'::regclass").contains("shape_app=r/"));

        Cli.Result denied = Cli.run("--policy", policy.toString(), "restore", "--database", "app", "--target-time", afterBatch2,
                "--table", "sales.orders", "--into-schema", "orders_denied");
        assertEquals(1, denied.exitCode(), denied::toString);
        assertTrue(denied.err().contains("docs/privileges.md") && denied.err().contains("nothing was changed in \"app\""), denied::toString);
        List<String> after = new ArrayList<>(schemas);
        after.add("refunds_back");
        java.util.Collections.sort(after);
        assertEquals(after, list("app", "SELECT nspname FROM pg_namespace ORDER BY 1"));
        assertEquals(List.of(), leftovers());
        Oracle.amcheck(pg, "app");
    }
}
