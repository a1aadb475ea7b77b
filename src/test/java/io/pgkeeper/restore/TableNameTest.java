package io.pgkeeper.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** --table names read as SQL reads them, and the names a point-in-time restore refuses before it starts. */
class TableNameTest {
    @Test
    void unquotedPartsFoldToLowerCaseQuotedOnesAreExact() {
        assertEquals(new TableName("sales", "orders"), TableName.parse("Sales.Orders"));
        assertEquals(new TableName("Sales", "Order Items"), TableName.parse("\"Sales\".\"Order Items\""));
        assertEquals(new TableName("a.b", "say \"hi\""), TableName.parse("\"a.b\".\"say \"\"hi\"\"\""));
        assertEquals("\"Sales\".\"Order Items\"", TableName.parse("\"Sales\".\"Order Items\"").toString());
        assertEquals("sales.orders", TableName.parse("sales.orders").toString());
        assertEquals("\"sales\".\"orders\"", TableName.parse("sales.orders").sql());
    }

    @Test
    void aNameWithoutSchemaOrWithTooManyPartsIsRefused() {
        for (String bad : List.of("orders", "a.b.c", "\"open.x", ".orders", "sales.", "s." + "x".repeat(64))) {
            PgKeeperException e = assertThrows(PgKeeperException.class, () -> TableName.parse(bad), bad);
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertTrue(e.getMessage().startsWith("--table '" + bad + "' is not a table name"), e.getMessage());
            assertTrue(e.hint().orElseThrow().contains("schema.name"));
        }
    }

    private static PointInTimeRequest request(Optional<String> into, List<TableName> tables) {
        return new PointInTimeRequest(Optional.empty(), "app", RecoveryTarget.none(), into, tables, Optional.empty(), Optional.empty(), false,
                java.time.Duration.ZERO);
    }

    @Test
    void namesARestoreWouldCutOrCollideAreRefusedBeforeItStarts() {
        assertEquals("restored_20261201_143100", PointInTimePlanner.defaultSchema(Instant.parse("2026-12-01T14:31:00.700Z")));
        PointInTimePlanner.checkNames(request(Optional.of("app_1431"), List.of()), "restored_x");
        PgKeeperException longName = assertThrows(PgKeeperException.class,
                () -> PointInTimePlanner.checkNames(request(Optional.of("x".repeat(64)), List.of()), "s"));
        assertTrue(longName.getMessage().contains("64 bytes long"), longName.getMessage());
        PgKeeperException system = assertThrows(PgKeeperException.class, () -> PointInTimePlanner.checkNames(request(Optional.empty(), List.of()),
                "pg_restored"));
        assertTrue(system.getMessage().contains("the system's"), system.getMessage());
        PgKeeperException clash = assertThrows(PgKeeperException.class, () -> PointInTimePlanner.checkNames(request(Optional.empty(),
                List.of(TableName.parse("sales.orders"), TableName.parse("archive.orders"))), "s"));
        assertTrue(clash.getMessage().startsWith("tables sales.orders and archive.orders would have the same name in one schema"), clash.getMessage());
    }
}
