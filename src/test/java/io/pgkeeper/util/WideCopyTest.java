package io.pgkeeper.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WideCopyTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, WideCopy.BUFFER - 1, WideCopy.BUFFER, WideCopy.BUFFER + 1, 3 * WideCopy.BUFFER + 7})
    void copiesEveryByteInOrderAndCountsThem(int size) throws IOException {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertEquals(size, WideCopy.copy(new ByteArrayInputStream(data), out));
        assertArrayEquals(data, out.toByteArray());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, WideCopy.BUFFER + 1})
    void drainReadsToTheEnd(int size) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(new byte[size]);

        assertEquals(size, WideCopy.drain(in));
        assertEquals(-1, in.read());
    }

    @org.junit.jupiter.api.Test
    void shortReadsFromTheSourceLoseNothing() throws IOException {
        byte[] data = new byte[WideCopy.BUFFER * 2 + 3];
        new Random(7).nextBytes(data);
        // a source that gives at most 1000 bytes a read, as a pipe or a decompressor may
        InputStream trickle = new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1000));
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertEquals(data.length, WideCopy.copy(trickle, out));
        assertArrayEquals(data, out.toByteArray());
    }
}
