package io.pgkeeper.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** A hand-built header; ArchiveIT parses the first page of a real segment. */
class WalHeaderTest {

    /** The long page header PostgreSQL 15 writes at the start of a segment. */
    static byte[] header(long systemIdentifier, int timeline, long pageAddress, int segmentSize) {
        ByteBuffer b = ByteBuffer.allocate(WalHeader.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0, (short) 0xD110);
        b.putShort(2, (short) 0x0002); // XLP_LONG_HEADER
        b.putInt(4, timeline);
        b.putLong(8, pageAddress);
        b.putInt(16, 0);
        b.putLong(24, systemIdentifier);
        b.putInt(32, segmentSize);
        b.putInt(36, 8192);
        return b.array();
    }

    @Test
    void readsTheFieldsOfALongHeader() {
        long sysid = 0xF123456789ABCDEFL; // above Long.MAX_VALUE: printed unsigned, as pg_controldata does
        WalHeader h = WalHeader.parse(header(sysid, 3, 0x5000000L, 16 * 1024 * 1024)).orElseThrow();
        assertEquals(0xD110, h.magic());
        assertEquals(3, h.timeline());
        assertEquals(0x5000000L, h.pageAddress());
        assertEquals(sysid, h.systemIdentifier());
        assertEquals(Long.toUnsignedString(sysid), h.systemIdentifierText());
        assertEquals(16L * 1024 * 1024, h.segmentSize());
        assertEquals(8192, h.blockSize());
    }

    @Test
    void refusesWhatIsNotTheStartOfASegment() {
        assertTrue(WalHeader.parse(new byte[10]).isEmpty());
        assertTrue(WalHeader.parse(new byte[WalHeader.LENGTH]).isEmpty());
        byte[] shortHeader = header(1, 1, 0, 16 * 1024 * 1024);
        shortHeader[2] = 0; // a page in the middle of a segment carries only the short header
        assertTrue(WalHeader.parse(shortHeader).isEmpty());
        byte[] badMagic = header(1, 1, 0, 16 * 1024 * 1024);
        badMagic[1] = 0x12;
        assertTrue(WalHeader.parse(badMagic).isEmpty());
    }
}
