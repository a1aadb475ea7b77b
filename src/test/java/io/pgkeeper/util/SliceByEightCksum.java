package io.pgkeeper.util;

/**
 * The slice-by-8 table loop that {@link Cksum} was before it went through {@code CRC32}: a second,
 * independent computation of the same CRC, so that tests can compare the two on many more
 * inputs and chunkings than it is cheap to run the {@code cksum} binary on.
 */
final class SliceByEightCksum {
    private static final int POLY = 0x04C11DB7;
    /** T[0] is the byte-at-a-time table; T[k][i] is T[0][i] carried through k more zero bytes. */
    private static final int[][] T = tables();

    private int crc;
    private long length;

    private static int[][] tables() {
        int[][] t = new int[8][256];
        for (int i = 0; i < 256; i++) {
            int c = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                c = (c & 0x80000000) != 0 ? (c << 1) ^ POLY : c << 1;
            }
            t[0][i] = c;
        }
        for (int k = 1; k < 8; k++) {
            for (int i = 0; i < 256; i++) {
                int prev = t[k - 1][i];
                t[k][i] = (prev << 8) ^ t[0][prev >>> 24];
            }
        }
        return t;
    }

    private static int step(int crc, int b) {
        return (crc << 8) ^ T[0][((crc >>> 24) ^ b) & 0xff];
    }

    void update(int b) {
        crc = step(crc, b);
        length++;
    }

    void update(byte[] b, int off, int len) {
        int c = crc;
        int i = off;
        int end = off + len;
        int[] t0 = T[0], t1 = T[1], t2 = T[2], t3 = T[3], t4 = T[4], t5 = T[5], t6 = T[6], t7 = T[7];
        for (; end - i >= 8; i += 8) {
            int one = c ^ ((b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff));
            c = t7[one >>> 24] ^ t6[(one >>> 16) & 0xff] ^ t5[(one >>> 8) & 0xff] ^ t4[one & 0xff]
                    ^ t3[b[i + 4] & 0xff] ^ t2[b[i + 5] & 0xff] ^ t1[b[i + 6] & 0xff] ^ t0[b[i + 7] & 0xff];
        }
        for (; i < end; i++) {
            c = step(c, b[i]);
        }
        crc = c;
        length += len;
    }

    long getValue() {
        int c = crc;
        for (long n = length; n != 0; n >>>= 8) {
            c = step(c, (int) n);
        }
        return ~c & 0xffffffffL;
    }
}
