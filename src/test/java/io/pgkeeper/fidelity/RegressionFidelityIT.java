package io.pgkeeper.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.testing.AmcheckOracle;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.DumpDiff;
import io.pgkeeper.testing.RawRoundTrip;
import io.pgkeeper.testing.RegressionDatabase;
import io.pgkeeper.testing.TestCluster;
import io.pgkeeper.testing.TestPolicy;
import io.pgkeeper.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fidelity suite on PostgreSQL's own regression database, the database pg_upgrade's test
 * upgrades: nearly every kind of object PostgreSQL has, inheritance trees whose children pg_dump
 * reorders, database-level settings (pg_regress sets lc_messages, bytea_output... on it), odd
 * types with C I/O functions, large objects. pgkeeper dumps it, restores it under a new name and
 * verifies the backup in a sandbox; the restored copy must equal what PostgreSQL's own tools make
 * of the same database ({@code pg_dump -Fc | pg_restore --create}), by an independent pg_dump
 * diff, and pass pg_amcheck.
 *
 * <p>Two ways through: a custom-format dump with exact row counts restored by one job, and a
 * directory-format dump with parallel jobs and the default (estimated) fingerprint restored by two.
 *
 * <p>The database is built once per server version by {@code scripts/regression-db} and cached
 * outside the clone (README, "Testing"); a warm run starts from the cached data directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegressionFidelityIT {
    private static final String SOURCE = RegressionDatabase.NAME;
    private static final String RAW_COPY = "regression_raw";

    /** One way of dumping and restoring: the policy's logical block, the copy's name, extra restore options. */
    record Variant(String name, String logicalYaml, String into, List<String> restoreOptions) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Variant> variants() {
        return Stream.of(
                new Variant("custom format, exact fingerprint", "    logical:\n      fingerprint: exact\n", "regression_pgkeeper", List.of()),
                new Variant("directory format, 2 jobs, estimated fingerprint",
                        "    logical:\n      format: directory\n      jobs: 2\n", "regression_pgkeeper_dir", List.of("--jobs", "2")));
    }

    /** What one variant left: its policy, backup id and the restore's result. */
    record Run(Path policy, String backupId, Cli.Result restore) {}

    private RegressionDatabase.Build build;
    private TestCluster pg;
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private final Map<String, Cli.Result> verifications = new LinkedHashMap<>();
    private final Map<String, JsonNode> sandboxes = new LinkedHashMap<>();

    @BeforeAll
    void dumpAndRestore(@TempDir Path tmp) {
        build = RegressionDatabase.ensureBuilt();
        pg = RegressionDatabase.start(build);
        List<Variant> all = variants().toList();
        List<Path> policies = new ArrayList<>();
        List<String> backups = new ArrayList<>();
        for (Variant v : all) {
            Path dir = tmp.resolve(v.into());
            Path policy = TestPolicy.write(createDirectory(dir), pg, dir.resolve("repo"), v.logicalYaml());
            policies.add(policy);
            Cli.Result dump = Cli.run("--policy", policy.toString(), "dump", "--database", SOURCE);
            assertEquals(0, dump.exitCode(), () -> "pgkeeper dump (" + v + ") of the " + build.describe() + "\n" + dump);
            backups.add(dump.out().trim());
        }
        // the reference copy is made after pgkeeper's dumps, from the same unchanged source
        RawRoundTrip.copy(pg, SOURCE, RAW_COPY, tmp);
        for (int i = 0; i < all.size(); i++) {
            Variant v = all.get(i);
            Path policy = policies.get(i);
            List<String> args = new ArrayList<>(List.of("restore", "--policy", policy.toString(), "--backup", backups.get(i),
                    "--database", SOURCE, "--into", v.into()));
            args.addAll(v.restoreOptions());
            runs.put(v.name(), new Run(policy, backups.get(i), Cli.run(args.toArray(String[]::new))));
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (JsonNode sandbox : sandboxes.values()) {
            Process stop = new ProcessBuilder("sh", "-c", sandbox.get("stop").asText()).inheritIO().start();
            assertEquals(0, stop.waitFor(), "stopping the kept sandbox: " + sandbox.get("stop").asText());
        }
        if (pg != null) {
            pg.close();
        }
    }

    /** A guard against comparing two nearly empty databases: pg_regress really filled this one. */
    @Test
    @Order(1)
    void theSourceIsTheWholeRegressionDatabase() {
        long relations = pg.queryLong(SOURCE, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'");
        assertTrue(relations >= 500, "only " + relations + " relations in the " + build.describe());
        assertTrue(pg.queryLong(SOURCE, "SELECT count(*) FROM pg_inherits") > 10, "inheritance trees are part of what is tested");
        assertTrue(pg.queryLong("postgres", "SELECT count(*) FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase"
                + " WHERE d.datname = '" + SOURCE + "'") > 0, "pg_regress sets database-level settings that a restore must keep");
    }

    /** What the README says of the cache: where it lives, how it is keyed, and why it must not move. */
    @Test
    @Order(1)
    void theCacheIsKeyedByVersionOutsideTheClone() throws IOException {
        String root = System.getenv().getOrDefault("PGKEEPER_TEST_CACHE", "/var/cache/pgkeeper-test");
        assertEquals(Path.of(root).toRealPath(), build.dir().getParent().toRealPath());
        if (System.getenv("PGKEEPER_TEST_CACHE") == null) {
            assertTrue(!build.dir().toRealPath().startsWith(Path.of(System.getProperty("user.dir")).toRealPath()), "the cache is outside the clone");
        }
        String key = "regression-" + build.info().get("server_version") + "-" + build.info().get("package_version") + "-r";
        assertTrue(build.dir().getFileName().toString().startsWith(key), () -> build.dir() + " is not keyed " + key + "<recipe>");
        assertTrue(pg.queryString(SOURCE, "SELECT version()").contains("PostgreSQL " + build.info().get("server_version") + " "));
        assertTrue(pg.queryLong(SOURCE, "SELECT count(*) FROM pg_proc WHERE probin = '" + build.dir().resolve("lib/regress.so") + "'") > 10,
                "the database's C functions name the cache's lib/regress.so");
    }

    /**
     * Why the reference is a raw round trip and not the source: pg_dump itself changes the
     * regression database, and only in the column order of inheritance children (a column both
     * inherited and declared locally moves). This also shows the oracle sees column order.
     */
    @Test
    @Order(1)
    void pgDumpItselfReordersOnlyInheritanceChildrensColumns() {
        Set<String> children = new HashSet<>();
        try (Connection c = pg.connect(SOURCE); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT DISTINCT n.nspname || '.' || r.relname FROM pg_inherits i"
                        + " JOIN pg_class r ON r.oid = i.inhrelid JOIN pg_namespace n ON n.oid = r.relnamespace")) {
            while (rs.next()) {
                children.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        DumpDiff.Result diff = DumpDiff.between(pg, SOURCE, RAW_COPY);
        List<DumpDiff.Difference> others = diff.differences().stream()
                .filter(d -> !(Set.of("TABLE", "TABLE DATA").contains(d.type()) && children.contains(d.name()))).toList();
        assertTrue(others.isEmpty(), () -> "pg_dump | pg_restore changed more than inheritance children:\n" + others);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    @Order(2)
    void restoreSucceeds(Variant v) {
        Cli.Result restore = runs.get(v.name()).restore();
        assertEquals(0, restore.exitCode(), () -> "pgkeeper restore --into " + v.into() + "\n" + restore);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    @Order(3)
    void restoredCopyEqualsTheRawRoundTrip(Variant v) {
        Cli.Result restore = runs.get(v.name()).restore();
        assertEquals(0, restore.exitCode(), () -> "nothing to compare: the restore failed\n" + restore);
        DumpDiff.Result diff = DumpDiff.between(pg, RAW_COPY, v.into());
        assertTrue(diff.objects() > 2000, () -> "the oracle compared only " + diff.objects() + " objects");
        assertTrue(diff.same(), () -> diff.report(20_000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    @Order(4)
    void verifyProvesTheBackupGood(Variant v) {
        Cli.Result verify = verify(v);
        assertEquals(0, verify.exitCode(), () -> "pgkeeper verify of a faithful backup (" + v + ") of the " + build.describe() + "\n"
                + verify);
    }

    /** What verify proves restorable is what a restore brings back: its sandbox's copy, too, equals the raw round trip. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    @Order(4)
    void verifysSandboxHoldsWhatTheRawRoundTripHolds(Variant v) {
        Cli.Result verify = verify(v);
        JsonNode sandbox = sandboxes.get(v.name());
        assertTrue(sandbox != null, () -> "verify --keep-sandbox left no sandbox to compare\n" + verify);
        Map<String, String> env = PgAccess.local(sandbox.get("port").asInt(), "postgres", Duration.ofSeconds(10)).toolEnv();
        DumpDiff.Result diff = DumpDiff.between(pg.server().access().toolEnv(), RAW_COPY, env, SOURCE);
        assertTrue(diff.objects() > 2000, () -> "the oracle compared only " + diff.objects() + " objects");
        assertTrue(diff.same(), () -> "verify's sandbox:\n" + diff.report(20_000));
    }

    /** One verify per variant, keeping its sandbox (also after a failure) for the comparison above. */
    private Cli.Result verify(Variant v) {
        return verifications.computeIfAbsent(v.name(), name -> {
            Run run = runs.get(name);
            Cli.Result r = Cli.run("verify", "--policy", run.policy().toString(), "--backup", run.backupId(), "--keep-sandbox", "--json");
            try {
                JsonNode sandbox = Json.mapper().readTree(r.out()).get("sandbox");
                if (sandbox != null) {
                    sandboxes.put(name, sandbox);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("verify --json printed no JSON:\n" + r, e);
            }
            return r;
        });
    }

    /** Last: pg_amcheck installs the amcheck extension into the copy, which the pg_dump diff would see. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    @Order(5)
    void restoredCopyPassesAmcheck(Variant v) {
        Cli.Result restore = runs.get(v.name()).restore();
        assertEquals(0, restore.exitCode(), () -> "nothing to check: the restore failed\n" + restore);
        AmcheckOracle.Result check = AmcheckOracle.check(pg, v.into());
        assertTrue(check.clean(), check::toString);
    }

    private static Path createDirectory(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
