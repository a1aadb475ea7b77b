package io.pgkeeper.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LsnTest {
    private static final long MB16 = 16L * 1024 * 1024;

    @Test
    void parsesAndPrintsAsPostgresDoes() {
        Lsn l = Lsn.parse("0/3000060");
        assertEquals(0x3000060L, l.value());
        assertEquals("0/3000060", l.toString());
        assertEquals("1A/B0000028", Lsn.parse(" 1a/b0000028 ").toString());
        assertEquals(0xFFFFFFFFFFFFFFFFL, Lsn.parse("FFFFFFFF/FFFFFFFF").value());
    }

    @Test
    void refusesWhatIsNotAnLsn() {
        assertThrows(IllegalArgumentException.class, () -> Lsn.parse("3000060"));
        assertThrows(IllegalArgumentException.class, () -> Lsn.parse("0/123456789"));
        assertFalse(Lsn.isValid("x/1"));
        assertFalse(Lsn.isValid(null));
        assertTrue(Lsn.isValid("0/0"));
    }

    @Test
    void namesTheSegmentHoldingTheLocation() {
        assertEquals("000000010000000000000003", Lsn.parse("0/3000060").segmentName(1, MB16));
        assertEquals("000000010000000000000003", Lsn.parse("0/3FFFFFF").segmentName(1, MB16));
        assertEquals("000000010000000000000004", Lsn.parse("0/4000000").segmentName(1, MB16));
        assertEquals("0000000200000001000000A0", Lsn.parse("1/A0000028").segmentName(2, MB16));
        assertEquals("000000010000000100000003", Lsn.parse("1/C0000000").segmentName(1, 1L << 30));
        assertEquals("0000000100000000000000FF", Lsn.parse("0/FF000000").segmentName(1, MB16));
    }

    @Test
    void comparesUnsigned() {
        assertTrue(Lsn.parse("FFFFFFFF/0").compareTo(Lsn.parse("0/1")) > 0);
        assertTrue(Lsn.parse("0/1").compareTo(Lsn.parse("0/2")) < 0);
    }
}
