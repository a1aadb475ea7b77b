package io.pgkeeper.restore;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.PgAccess;
import io.pgkeeper.postgres.PgTools;
import io.pgkeeper.postgres.ServerInfo;
import io.pgkeeper.repository.ClusterLock;
import io.pgkeeper.repository.LockName;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The last step of a point-in-time restore of one database, and the only one under the cluster
 * lock: the dump taken from the sandbox goes into the policy's server through a staging name, a
 * database ({@link StagedRestore}, with the database's properties) or a schema
 * ({@link SchemaRestore}), and takes the real name only once its row counts equal the sandbox's.
 */
final class PointInTimeFinish {
    record Finished(boolean replaced, List<String> warnings, String detail) {}

    private final RunContext ctx;
    private final PgAccess live;
    private final PgTools tools;
    private final ServerInfo server;

    PointInTimeFinish(RunContext ctx, PgAccess live, PgTools tools, ServerInfo server) {
        this.ctx = ctx;
        this.live = live;
        this.tools = tools;
        this.server = server;
    }

    Finished finish(PointInTimePlan plan, SandboxExport.Exported ex, int jobs, boolean clean, Duration lockWait) {
        List<TableName> tables = List.copyOf(ex.rows().keySet());
        String into = plan.into();
        if (plan.mode() == PointInTimePlan.Mode.SCHEMA) {
            try (ClusterLock lock = ctx.repository().lock(ctx.cluster().name(), LockName.CLUSTER,
                    "restore of tables into " + into, lockWait)) {
                new SchemaRestore(ctx, live, tools).restore(ex.dump(), into, plan.staging(), plan.schema(), jobs,
                        c -> compare(c, ex.rows(), tables, "schema \"" + plan.staging() + "\" restored into \"" + into + "\""));
            }
            return new Finished(false, List.of(), "restored " + tables.size() + " table(s) into schema \"" + plan.schema() + "\" of database \""
                    + into + "\"");
        }
        // read and probed before the lock: neither writes anything
        DatabaseProperties props = new DumpReader(ctx.runner(), tools, ctx.cluster().timeouts().restore()).read(ex.dump());
        boolean replace;
        try (Connection c = ControlConnection.open(live, into)) {
            ExistingTarget existing = ExistingTarget.of(c, live, into);
            if (existing == ExistingTarget.EXISTS && !clean) {
                throw ExistingTarget.refusal(into, live.describe());
            }
            replace = clean || existing == ExistingTarget.INITDB_EMPTY;
            LocaleCheck.probe(c, server.versionNum(), props, into);
        } catch (SQLException e) {
            throw PgKeeperException.failed("catalog query failed: " + e.getMessage(), null, e);
        }
        StagedRestore.Outcome o;
        try (ClusterLock lock = ctx.repository().lock(ctx.cluster().name(), LockName.CLUSTER, "restore into " + into, lockWait)) {
            o = new StagedRestore(ctx, live, tools).restore(ex.dump(), props, ex.collationVersion(), into, plan.staging(), replace, jobs,
                    staging -> {
                        try (Connection s = live.connect(staging)) {
                            compare(s, ex.rows(), tables, "the restored database");
                        } catch (SQLException e) {
                            throw PgKeeperException.failed("cannot count the rows of the restored database: " + e.getMessage(), null, e);
                        }
                    });
        }
        List<String> warnings = new ArrayList<>(o.warnings());
        return new Finished(o.replaced(), warnings, "restored " + (plan.mode() == PointInTimePlan.Mode.TABLES ? tables.size() + " table(s) of " : "")
                + "database \"" + plan.database() + "\" into \"" + into + "\"" + (o.replaced() ? ", replacing the database of that name" : ""));
    }

    private static void compare(Connection c, Map<TableName, Long> source, List<TableName> tables, String what) {
        try {
            RowCounts.requireSame(source, RowCounts.count(c, tables), what);
        } catch (SQLException e) {
            throw PgKeeperException.failed("cannot count the rows of " + what + ": " + e.getMessage(), null, e);
        }
    }
}
