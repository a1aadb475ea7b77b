package io.pgkeeper.restore;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One database, or some of its tables, as of a recovery target, out of a physical backup.
 *
 * @param into the database the result goes into (default: {@code database} itself); with
 *     {@code tables} and an existing database, the tables go into a new schema of it
 * @param intoSchema that schema's name (default {@code restored_<UTC start time>})
 */
public record PointInTimeRequest(Optional<String> backupId, String database, RecoveryTarget target, Optional<String> into,
        List<TableName> tables, Optional<String> intoSchema, Optional<Integer> jobs, boolean clean, Duration lockWait) {

    public PointInTimeRequest {
        tables = List.copyOf(tables);
    }

    public String intoName() {
        return into.orElse(database);
    }
}
