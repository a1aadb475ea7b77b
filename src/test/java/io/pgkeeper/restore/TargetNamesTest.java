package io.pgkeeper.restore;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import org.junit.jupiter.api.Test;

class TargetNamesTest {
    @Test
    void sixtyThreeBytesIsTheLimitCountedInBytes() {
        assertDoesNotThrow(() -> TargetNames.check("x".repeat(63)));
        PgKeeperException e = assertThrows(PgKeeperException.class, () -> TargetNames.check("x".repeat(64)));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertThrows(PgKeeperException.class, () -> TargetNames.check("é".repeat(32)), "64 bytes in 32 characters");
        assertDoesNotThrow(() -> TargetNames.check("é".repeat(31) + "x"));
        assertThrows(PgKeeperException.class, () -> TargetNames.check(""));
    }

    @Test
    void stagingNamesStayFarBelowTheLimit() {
        String s = TargetNames.staging("20261121T030000Z");
        assertEquals("pgkeeper_restore_20261121t030000z", s);
        assertTrue(s.length() < 63);
    }
}
