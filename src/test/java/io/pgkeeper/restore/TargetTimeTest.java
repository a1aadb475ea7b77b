package io.pgkeeper.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --target-time needs a zone: Z, +HH, +HH:MM (or +HHMM), or a zone name; results show UTC. */
class TargetTimeTest {
    private static final Instant T = Instant.parse("2026-11-21T13:30:00Z");

    @Test
    void everyAcceptedFormReadsTheSameInstant() {
        for (String s : List.of("2026-11-21T13:30:00Z", "2026-11-21 13:30:00z", "2026-11-21 14:30:00+01", "2026-11-21 14:30:00+0100",
                "2026-11-21T14:30:00+01:00", "2026-11-21 14:30:00 +01:00", "2026-11-21 14:30 Europe/Paris", "2026-11-21T14:30:00[Europe/Paris]",
                "2026-11-21 13:30:00 UTC", "2026-11-21 08:30:00-05")) {
            assertEquals(T, TargetTime.parse(s), s);
        }
        assertEquals(Instant.parse("2026-11-21T13:30:00.123456Z"), TargetTime.parse("2026-11-21 14:30:00.123456+01"));
        assertEquals("2026-11-21T13:30:00Z", TargetTime.utc(T));
        assertEquals("time 2026-11-21T13:30:00Z", RecoveryTarget.of(java.util.Optional.of("2026-11-21 14:30 Europe/Paris"), java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), false, RecoveryTarget.Action.PROMOTE, java.util.Optional.empty()).describe());
    }

    @Test
    void aTimeWithoutZoneIsRefusedListingTheAcceptedForms() {
        for (String s : List.of("2026-11-21 14:30:00", "2026-11-21T14:30:00", "2026-11-21 14:30")) {
            PgKeeperException e = assertThrows(PgKeeperException.class, () -> TargetTime.parse(s));
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertTrue(e.getMessage().contains("no time zone"), e.getMessage());
            assertTrue(e.hint().orElseThrow().contains("2026-11-21T14:30:00Z") && e.hint().get().contains("+01:00")
                    && e.hint().get().contains("Europe/Paris"), e.hint().get());
        }
    }

    @Test
    void nonsenseUnknownZonesAndAmbiguousLocalTimesAreRefused() {
        for (String s : List.of("yesterday", "2026-13-01 10:00Z", "2026-11-21 14:30 Mars/Olympus", "2026-10-25 02:30 Europe/Paris",
                "2026-03-29 02:30 Europe/Paris", "2026-11-21 14:30+25")) {
            PgKeeperException e = assertThrows(PgKeeperException.class, () -> TargetTime.parse(s), s);
            assertEquals(ExitCode.USAGE, e.exitCode(), s);
        }
    }
}
