package io.pgkeeper.archive;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * The long page header at the start of every WAL segment. Its system identifier tells which
 * cluster wrote the segment, so a segment from another cluster can be refused at archive time.
 * Layout (little-endian on the platforms PostgreSQL packages ship for): xlp_magic u16,
 * xlp_info u16, xlp_tli u32, xlp_pageaddr u64, xlp_rem_len u32, padding to 24, then
 * xlp_sysid u64, xlp_seg_size u32, xlp_xlog_blcksz u32.
 */
public record WalHeader(int magic, int timeline, long pageAddress, long systemIdentifier, long segmentSize, long blockSize) {
    public static final int LENGTH = 40;
    private static final int XLP_LONG_HEADER = 0x0002;

    /** The header, or empty when the bytes are not the start of a WAL segment. */
    public static Optional<WalHeader> parse(byte[] first) {
        if (first.length < LENGTH) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN);
        int magic = Short.toUnsignedInt(b.getShort(0));
        int info = Short.toUnsignedInt(b.getShort(2));
        if ((info & XLP_LONG_HEADER) == 0 || magic < 0xD000 || magic > 0xDFFF) {
            return Optional.empty();
        }
        int tli = b.getInt(4);
        long pageAddr = b.getLong(8);
        long sysid = b.getLong(24);
        long segSize = Integer.toUnsignedLong(b.getInt(32));
        long blcksz = Integer.toUnsignedLong(b.getInt(36));
        return Optional.of(new WalHeader(magic, tli, pageAddr, sysid, segSize, blcksz));
    }

    public String systemIdentifierText() {
        return Long.toUnsignedString(systemIdentifier);
    }
}
