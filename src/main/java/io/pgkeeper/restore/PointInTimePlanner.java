package io.pgkeeper.restore;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.Catalog;
import io.pgkeeper.postgres.PgAccess;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Decides, before the long recovery, what a point-in-time restore of one database will do, and
 * refuses with exit 2 what it could not do at the end: a target name PostgreSQL would cut, an
 * existing database without --clean, an existing schema, two tables that would collide in one
 * schema. The final step checks again, under the lock.
 */
final class PointInTimePlanner {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    private PointInTimePlanner() {}

    /** The default --into-schema: {@code restored_} and the UTC time the restore started. */
    static String defaultSchema(Instant startedAt) {
        return "restored_" + STAMP.format(startedAt);
    }

    /** Pure: the names, before anything is looked up. */
    static void checkNames(PointInTimeRequest req, String schema) {
        TargetNames.check(req.intoName());
        int bytes = schema.getBytes(StandardCharsets.UTF_8).length;
        if (schema.isEmpty() || bytes > TargetNames.MAX_BYTES || schema.startsWith("pg_")) {
            throw PgKeeperException.usage("--into-schema \"" + schema + "\" cannot be a schema name (" + (schema.startsWith("pg_")
                    ? "names starting with pg_ are the system's" : bytes + " bytes; at most " + TargetNames.MAX_BYTES) + "); nothing was changed",
                    "pass another --into-schema NAME");
        }
        Map<String, TableName> byName = new HashMap<>();
        for (TableName t : req.tables()) {
            TableName other = byName.put(t.name(), t);
            if (other != null && !other.equals(t)) {
                throw PgKeeperException.usage("tables " + other + " and " + t + " would have the same name in one schema; nothing was changed",
                        "restore them with two runs, each with its own --into-schema");
            }
        }
    }

    static PointInTimePlan plan(PgAccess live, PointInTimeRequest req, String backupId, String schema, String target) {
        String into = req.intoName();
        String staging = TargetNames.staging(backupId);
        String tables = req.tables().stream().map(TableName::toString).collect(Collectors.joining(", "));
        String comment = "restored by pgkeeper from base backup " + backupId + ": " + tables + " of database " + req.database() + " as of the "
                + target;
        boolean exists;
        try (Connection c = ControlConnection.open(live, into)) {
            exists = Catalog.databaseExists(c, into);
            if (req.tables().isEmpty() || !exists) {
                if (exists && !req.clean() && ExistingTarget.of(c, live, into) == ExistingTarget.EXISTS) {
                    throw ExistingTarget.refusal(into, live.describe());
                }
                if (req.intoSchema().isPresent()) {
                    throw PgKeeperException.usage("--into-schema is for tables restored into an existing database, and database \"" + into
                            + "\" does not exist on " + live.describe() + "; nothing was changed", "leave out --into-schema to restore the tables"
                            + " into the new database \"" + into + "\" under their own schemas, or name an existing database with --into");
                }
                return new PointInTimePlan(req.tables().isEmpty() ? PointInTimePlan.Mode.DATABASE : PointInTimePlan.Mode.TABLES, req.database(),
                        req.tables(), into, staging, null, comment);
            }
        } catch (SQLException e) {
            throw PgKeeperException.failed("catalog query on " + live.describe() + " failed: " + e.getMessage(), null, e);
        }
        try (Connection c = live.connect(into)) {
            SchemaRestore.requireAbsent(c, into, schema);
        } catch (SQLException e) {
            throw PgKeeperException.failed("catalog query on database \"" + into + "\" failed: " + e.getMessage(), null, e);
        }
        return new PointInTimePlan(PointInTimePlan.Mode.SCHEMA, req.database(), req.tables(), into, staging, schema, comment);
    }

    /** How the result names where each table went. */
    static String restoredAs(PointInTimePlan plan, TableName dumped) {
        return plan.mode() == PointInTimePlan.Mode.SCHEMA ? new TableName(plan.schema(), dumped.name()).toString() : dumped.toString();
    }
}
