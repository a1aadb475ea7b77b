package io.pgkeeper.restore;

import java.util.List;

/**
 * What a point-in-time restore of one database did.
 *
 * @param mode {@code database} (the whole database into {@code into}), {@code tables} (the named
 *     tables into the new database {@code into}) or {@code schema} (into the new schema
 *     {@code schema} of the existing database {@code into})
 * @param target the recovery target asked for, a time always in UTC
 * @param reached where recovery stopped, as the sandbox's server reported it
 * @param tables every table restored, with its rows (counted in the sandbox and again in the
 *     restored copy, which must agree)
 * @param steps how long each step took: choose, sandbox, recovery, dump, restore, teardown
 */
public record PointInTimeResult(String backupId, String cluster, String database, String mode, String into, String schema, String chosenBecause,
        String target, Reached reached, List<RestoredTable> tables, long rows, boolean replaced, List<Step> steps, long durationMs, boolean dryRun,
        List<String> warnings) {

    public PointInTimeResult {
        tables = List.copyOf(tables);
        steps = List.copyOf(steps);
        warnings = List.copyOf(warnings);
    }

    /**
     * @param lsn the last WAL location replayed
     * @param time the time of the last transaction replayed
     * @param stoppedAt the server's own words for where recovery stopped, when it said
     */
    public record Reached(String lsn, String time, String stoppedAt) {}

    /** @param table its name at the target; {@code restoredAs} its name now */
    public record RestoredTable(String table, String restoredAs, long rows) {}

    public record Step(String name, long durationMs, String detail) {}
}
