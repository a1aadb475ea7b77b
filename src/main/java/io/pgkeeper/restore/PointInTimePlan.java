package io.pgkeeper.restore;

import java.util.List;

/**
 * What a point-in-time restore of one database will do, decided before the sandbox is made.
 *
 * @param staging the name the restore goes in under (a database, or with {@link Mode#SCHEMA} a
 *     schema), which takes the real name only once the restore is whole
 */
record PointInTimePlan(Mode mode, String database, List<TableName> tables, String into, String staging, String schema,
        String schemaComment) {

    enum Mode {
        /** the whole database into a new (or, with --clean, replaced) database */
        DATABASE,
        /** the named tables into a new database */
        TABLES,
        /** the named tables into a new schema of an existing database */
        SCHEMA;

        String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    PointInTimePlan {
        tables = List.copyOf(tables);
    }
}
