package io.pgkeeper.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class WalNamesTest {
    private static final long MB16 = 16L * 1024 * 1024;

    @Test
    void recognisesEveryNamePostgresHandsOver() {
        assertEquals(Optional.of(WalNames.Type.SEGMENT), WalNames.type("000000010000000000000003"));
        assertEquals(Optional.of(WalNames.Type.PARTIAL), WalNames.type("000000010000000000000003.partial"));
        assertEquals(Optional.of(WalNames.Type.HISTORY), WalNames.type("00000002.history"));
        assertEquals(Optional.of(WalNames.Type.BACKUP_LABEL), WalNames.type("000000010000000000000002.00000028.backup"));
    }

    @Test
    void refusesAnythingThatCouldEscapeTheArchiveOrIsNotWal() {
        for (String bad : new String[] {"../000000010000000000000003", "000000010000000000000003/..", "..", "", "00000001000000000000003",
                "0000000100000000000000033", "00000001000000000000000g", "000000010000000000000003.gz", "00000002.History",
                "RECOVERYXLOG", "000000010000000000000003.partial.x", "0000002.history", "000000010000000000000002.0000028.backup"}) {
            assertEquals(Optional.empty(), WalNames.type(bad), bad);
        }
        assertEquals(Optional.empty(), WalNames.type(null));
        assertFalse(WalNames.isSegment("000000010000000000000003.partial"));
        assertTrue(WalNames.isSegment("00000001000000000000000A"));
    }

    @Test
    void timelineAndSegmentNumbersRoundTrip() {
        assertEquals(1, WalNames.timeline("000000010000000000000003"));
        assertEquals(0x1A, WalNames.timeline("0000001A.history"));
        assertEquals(0x100 + 0xA0, WalNames.segmentNumber("0000000100000001000000A0", MB16));
        assertEquals("0000000100000001000000A0", WalNames.segmentName(1, 0x1A0, MB16));
        assertEquals("000000020000000100000000", WalNames.segmentName(2, 0x100, MB16));
        long gb = 1L << 30;
        assertEquals(4 + 3, WalNames.segmentNumber("000000010000000100000003", gb));
        assertEquals("000000010000000100000003", WalNames.segmentName(1, 7, gb));
    }
}
