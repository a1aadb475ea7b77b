package io.pgkeeper.archive;

import java.io.IOException;
import java.io.OutputStream;

/** Lets the compressor finish its frame without closing the channel we still have to fsync. */
final class NonClosingStream extends java.io.FilterOutputStream {
    NonClosingStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
