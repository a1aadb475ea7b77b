package io.pgkeeper.restore;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.policy.DumpFormat;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.PgDump;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.process.ToolCall;
import io.pgkeeper.util.SecureFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes one database, or some of its tables, out of a recovered sandbox: finds it as it was at
 * the target, shapes it for the restore ({@link SandboxTables}), counts its rows and dumps it in
 * custom format into the sandbox directory, which goes with the sandbox.
 */
final class SandboxExport {
    /**
     * @param rows rows per table as dumped (the staging schema's names for tables going into a schema)
     * @param targetNames the name each dumped table had at the target
     * @param collationVersion the database's collation version at the target, to warn when the live server sorts by another
     */
    record Exported(Path dump, Map<TableName, Long> rows, Map<TableName, TableName> targetNames, Optional<String> collationVersion,
            List<String> warnings, String detail) {}

    private final RunContext ctx;
    private final RecoveredSandbox sandbox;
    private final PgTools client;
    private final Duration timeout;

    SandboxExport(RunContext ctx, RecoveredSandbox sandbox, PgTools client, Duration timeout) {
        this.ctx = ctx;
        this.sandbox = sandbox;
        this.client = client;
        this.timeout = timeout;
    }

    Exported export(PointInTimePlan plan) {
        PgAccess admin = admin();
        String db = plan.database();
        List<String> warnings = new ArrayList<>();
        Map<TableName, TableName> names = new LinkedHashMap<>();
        Map<TableName, Long> rows;
        Optional<String> collation;
        try (Connection c = connect(admin, db)) {
            collation = collationVersion(c);
            if (plan.tables().isEmpty()) {
                RowCounts.tables(c).forEach(t -> names.put(t, t));
            } else {
                SandboxTables shaper = new SandboxTables(c, db);
                SandboxTables.Shaped shaped = plan.mode() == PointInTimePlan.Mode.SCHEMA
                        ? shaper.intoSchema(plan.tables(), plan.staging(), plan.schemaComment())
                        : shaper.alone(plan.tables());
                names.putAll(shaped.tables());
                warnings.addAll(shaped.warnings());
                largeObjects(c).ifPresent(warnings::add);
            }
            List<TableName> tables = List.copyOf(names.keySet());
            rows = RowCounts.count(c, tables);
            for (TableName t : RowCounts.unlogged(c, tables)) {
                warnings.add("table " + names.get(t) + " is unlogged: recovery empties unlogged tables by design, so it comes back empty");
            }
        } catch (SQLException e) {
            throw PgKeeperException.failed("preparing database \"" + db + "\" in the recovered sandbox failed: " + e.getMessage(), null, e);
        }
        Path dir = sandbox.dir().resolve("dump");
        SecureFiles.createDirectories(dir);
        Path dump = dir.resolve("database.dump");
        List<String> argv = new ArrayList<>(PgDump.argv(client, db, DumpFormat.CUSTOM, 1, Optional.of("none"), Optional.empty(), dump));
        String dbname = argv.remove(argv.size() - 1);
        if (plan.mode() == PointInTimePlan.Mode.SCHEMA) {
            // the staging schema holds the tables and what belongs to them; publications would reach into the live server's
            argv.addAll(List.of("--schema=" + plan.staging(), "--no-publications", "--no-subscriptions"));
        }
        if (!plan.tables().isEmpty()) {
            argv.add("--no-blobs"); // large objects belong to no table; pg_dump --table leaves them out too
        }
        argv.add(dbname);
        ctx.runner().run(ToolCall.of("pg_dump", argv, admin.toolEnv(), timeout))
                .orThrow("pg_dump of database \"" + db + "\" in the recovered sandbox failed", "see the log above; nothing was changed");
        long total = rows.values().stream().mapToLong(Long::longValue).sum();
        return new Exported(dump, rows, names, collation, warnings, "dumped " + (plan.tables().isEmpty() ? "database \"" + db + "\": "
                + names.size() + " table(s)" : names.size() + " table(s) of database \"" + db + "\"") + " with " + total + " row(s)");
    }

    /**
     * The sandbox's bootstrap superuser (oid 10, whatever the source named it): the export reads
     * every table and changes the throwaway copy. Any role that exists gets in: the sandbox trusts
     * its loopback, and the policy's role may not have existed yet at the target.
     */
    private PgAccess admin() {
        List<PgKeeperException> failures = new ArrayList<>();
        int port = sandbox.server().port();
        for (String role : new java.util.LinkedHashSet<>(List.of(sandbox.superuser(), io.pgkeeper.postgres.LocalServer.SUPERUSER))) {
            PgAccess tried = PgAccess.local(port, role, Duration.ofSeconds(10));
            try (Connection c = ControlConnection.open(tried); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT rolname FROM pg_roles WHERE oid = 10")) {
                rs.next();
                return PgAccess.local(port, rs.getString(1), Duration.ofSeconds(10));
            } catch (PgKeeperException e) {
                failures.add(e);
            } catch (SQLException e) {
                failures.add(PgKeeperException.failed(e.getMessage(), null, e));
            }
        }
        throw PgKeeperException.failed("cannot log in to the recovered sandbox: " + failures.get(0).getMessage(), "see the sandbox's server log");
    }

    /** Large objects belong to no table, so --table leaves them out; an operator who needs them must hear it. */
    private static Optional<String> largeObjects(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_largeobject_metadata")) {
            rs.next();
            long n = rs.getLong(1);
            return n == 0 ? Optional.empty() : Optional.of("the database held " + n + " large object(s) at the target; they belong to no table"
                    + " and are not restored with --table (restore the whole database under a new --into to get them)");
        }
    }

    private static Optional<String> collationVersion(Connection c) throws SQLException {
        // to_jsonb: datcollversion is PostgreSQL 15's; an older server has none
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT to_jsonb(d)->>'datcollversion' FROM pg_database d"
                + " WHERE d.datname = current_database()")) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        }
    }

    /** The database as it was at the target; a missing one names those that existed. */
    private Connection connect(PgAccess admin, String db) throws SQLException {
        List<String> present = new ArrayList<>();
        boolean allowed = false;
        try (Connection c = ControlConnection.open(admin, db); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT datname, datallowconn FROM pg_database WHERE NOT datistemplate ORDER BY 1")) {
            while (rs.next()) {
                present.add(rs.getString(1));
                allowed |= rs.getString(1).equals(db) && rs.getBoolean(2);
            }
        }
        if (!present.contains(db)) {
            throw PgKeeperException.usage("database \"" + db + "\" did not exist at the recovery target (the cluster had: " + String.join(", ", present)
                    + "); nothing was changed", "check --database, or choose a later --target-*");
        }
        if (!allowed) {
            throw PgKeeperException.usage("database \"" + db + "\" did not allow connections at the recovery target (datallowconn is false); nothing was changed",
                    "it cannot be dumped; choose another database");
        }
        return admin.connect(db);
    }
}
