package io.pgkeeper.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Cksum} prints what the system's {@code cksum} prints, for the same bytes however they are fed. */
class CksumTest {
    @TempDir
    Path tmp;

    /** "CRC SIZE" as the cksum binary prints it for {@code data} on its stdin. */
    private String binary(byte[] data) throws IOException, InterruptedException {
        Path in = tmp.resolve("data");
        Files.write(in, data);
        Process p = new ProcessBuilder("/usr/bin/cksum").redirectInput(in.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static String printed(Cksum c) {
        return c.getValue() + " " + c.length();
    }

    @Test
    void matchesTheCksumBinaryWholeAndInChunks() throws Exception {
        Random random = new Random(17);
        for (int length : new int[] {0, 1, 7, 8, 9, 255, 256, 65537, 16 << 20}) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            String want = binary(data);

            Cksum whole = new Cksum();
            whole.update(data, 0, data.length);
            assertEquals(want, printed(whole), "whole, " + length + " bytes");

            Cksum chunked = new Cksum();
            for (int at = 0; at < length;) {
                int n = Math.min(length - at, random.nextInt(70_000));
                chunked.update(data, at, n);
                at += n;
            }
            assertEquals(want, printed(chunked), "in chunks of random sizes, " + length + " bytes");

            if (length <= 65537) {
                Cksum bytes = new Cksum();
                for (byte b : data) {
                    bytes.update(b);
                }
                assertEquals(want, printed(bytes), "byte by byte, " + length + " bytes");
            }
        }
    }

    /**
     * Feeds {@code data[from..to)} to {@code c} in pieces of random sizes (up to {@code largest},
     * empty ones included), now and then a single byte through {@code update(int)}, asking for
     * the value in between; each value asked for mid-stream must be the reference's for the same
     * prefix. The reference is fed the same way, so a shared mistake in chunking would not hide.
     */
    private static void feed(Cksum c, SliceByEightCksum reference, byte[] data, int from, int to, int largest, Random random, String what) {
        for (int at = from; at < to;) {
            if (random.nextInt(10) == 0) {
                c.update(data[at]);
                reference.update(data[at]);
                at++;
            } else {
                int n = Math.min(to - at, random.nextInt(largest + 1));
                c.update(data, at, n);
                reference.update(data, at, n);
                at += n;
            }
            if (random.nextInt(4) == 0) {
                assertEquals(reference.getValue(), c.getValue(), what + ", mid-stream at byte " + (at - from));
            }
        }
    }

    @Test
    void matchesTheCksumBinaryForRandomLengthsChunkingsAndResets() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 40; round++) {
            // Every fourth length is small, where the bytes left over after whole longs are most of it.
            int length = round % 4 == 0 ? random.nextInt(40) : random.nextInt(200_001);
            // The data sits at an odd place in a larger array, so that offsets are not aligned.
            int off = random.nextInt(17);
            byte[] array = new byte[off + length + random.nextInt(17)];
            random.nextBytes(array);
            byte[] data = Arrays.copyOfRange(array, off, off + length);
            String what = "seed " + seed + ", round " + round + ", " + length + " bytes at offset " + off;
            String want = binary(data);

            Cksum c = new Cksum();
            if (random.nextBoolean()) {
                // Whatever came before a reset must not show in what comes after.
                c.update(array, 0, random.nextInt(array.length + 1));
                c.update(random.nextInt());
                c.getValue();
                c.reset();
            }
            int largest = new int[] {9, 100, 8192, 70_000, 200_000}[random.nextInt(5)];
            feed(c, new SliceByEightCksum(), array, off, off + length, largest, random, what + ", pieces up to " + largest);
            assertEquals(want, printed(c), what + ", pieces up to " + largest);
            assertEquals(want, printed(c), what + ", asked a second time");
        }
    }

    @Test
    void agreesWithTheSliceByEightLoopOnManyMoreChunkings() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        byte[] data = new byte[300_000];
        random.nextBytes(data);
        for (int round = 0; round < 300; round++) {
            int from = random.nextInt(data.length);
            int to = from + random.nextInt(data.length - from + 1);
            int largest = 1 + random.nextInt(random.nextBoolean() ? 64 : 40_000);
            String what = "seed " + seed + ", round " + round + ", bytes " + from + ".." + to + ", pieces up to " + largest;
            Cksum c = new Cksum();
            SliceByEightCksum reference = new SliceByEightCksum();
            feed(c, reference, data, from, to, largest, random, what);
            assertEquals(reference.getValue(), c.getValue(), what);
            assertEquals(to - from, c.length(), what);
        }
    }

    @Test
    void getValueLeavesTheStateAsItWasAndResetStartsOver() throws Exception {
        byte[] data = "123456789".getBytes(StandardCharsets.US_ASCII);
        Cksum c = new Cksum();
        c.update(data, 0, 4);
        long early = c.getValue();
        assertEquals(early, c.getValue(), "asking twice gives the same value");
        c.update(data, 4, 5);
        assertEquals(binary(data), printed(c));
        assertNotEquals(early, c.getValue());
        c.reset();
        assertEquals(binary(new byte[0]), printed(c));
    }

    @Test
    void oneFlippedBitChangesIt() {
        byte[] data = new byte[1 << 20];
        new Random(3).nextBytes(data);
        Cksum a = new Cksum();
        a.update(data, 0, data.length);
        data[data.length / 2] ^= 1;
        Cksum b = new Cksum();
        b.update(data, 0, data.length);
        assertNotEquals(a.getValue(), b.getValue());
    }

    @Test
    void refusesARangeOutsideTheArray() {
        assertThrows(IndexOutOfBoundsException.class, () -> new Cksum().update(new byte[4], 2, 3));
    }
}
