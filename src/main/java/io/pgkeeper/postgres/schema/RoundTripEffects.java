package io.pgkeeper.postgres.schema;

import java.util.Optional;

/**
 * Differences that pg_dump itself produces when a database is dumped and restored faithfully,
 * so that verify reports them as such instead of calling a good backup bad. Each is documented
 * in docs/verify.md ("What a faithful round trip changes"). Pure.
 */
public final class RoundTripEffects {
    static final String INHERITED_COLUMN_ORDER = "a known effect of pg_dump, not a fault of the backup: an inheritance child"
            + " that declares its parent's columns in another order (as after ALTER TABLE ... INHERIT) comes back with the"
            + " inherited columns first, because CREATE TABLE ... INHERITS puts them first";

    private RoundTripEffects() {}

    /**
     * Why the column orders of two definitions of one table may differ, when only the order does.
     * Empty when the difference is real.
     */
    public static Optional<String> columnOrder(TableDefinition recorded, TableDefinition restored) {
        boolean sameColumns = recorded.columns().equals(restored.columns());
        if (sameColumns && recorded.inherits() && restored.inherits() && recorded.tail().equals(restored.tail())) {
            return Optional.of(INHERITED_COLUMN_ORDER);
        }
        return Optional.empty();
    }
}
