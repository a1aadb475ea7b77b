package io.pgkeeper.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Process p = new ProcessBuilder("cksum").redirectInput(in.toFile()).redirectErrorStream(true).start();
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
