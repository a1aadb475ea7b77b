package io.pgkeeper.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackupIdTest {
    @Test
    void idIsTheUtcStartSecond() {
        assertEquals("20261121T030000Z", BackupId.of(Instant.parse("2026-11-21T03:00:00.987Z")));
    }

    @Test
    void validation() {
        assertTrue(BackupId.isValid("20261121T030000Z"));
        for (String bad : new String[] {"../20261121T030000Z", "20261121T030000Z/..", "..", "20261121T030000", "latest", "", "2026112lT030000Z"}) {
            assertFalse(BackupId.isValid(bad), bad);
        }
        assertFalse(BackupId.isValid(null));
        assertEquals("latest", BackupId.requireValidOrLatest("latest"));
        PgKeeperException e = assertThrows(PgKeeperException.class, () -> BackupId.requireValidOrLatest("../etc"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("'../etc' is not a backup id"), e.getMessage());
    }
}
