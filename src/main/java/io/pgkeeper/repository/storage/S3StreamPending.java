package io.pgkeeper.repository.storage;

import io.pgkeeper.objectstore.ObjectWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A streaming write to an S3 repository whose key is known when it starts (a file of a backup
 * tree): the bytes go straight into a multipart upload of that key, one part buffer in memory
 * ({@link ObjectWriter}), nothing on local disk. Nothing is visible before {@link #commit};
 * closing it uncommitted aborts the upload, and a killed run leaves an unfinished upload that
 * removing the attempt ({@link S3Storage#deleteAll}, at the next prune) aborts.
 */
final class S3StreamPending implements PendingObject {
    private final S3Storage storage;
    private final String key;
    private final ObjectWriter writer;
    private final OutputStream stream;

    S3StreamPending(S3Storage storage, String key) {
        this.storage = storage;
        this.key = key;
        this.writer = storage.call(() -> storage.store().create(key, false));
        this.stream = new FilterOutputStream(writer) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() {
                // closing the writer would abort the upload: the object is finished by commit
            }
        };
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    /** Completes the upload; the key must be the one the write started with, and never replaces. */
    @Override
    public boolean commit(String key, boolean replace) {
        if (!this.key.equals(key) || replace) {
            close();
            throw new IllegalArgumentException("the upload of " + this.key + " cannot be committed as " + key + (replace ? " (replacing)" : ""));
        }
        try {
            return storage.call(() -> writer.commit() != null);
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        writer.close();
    }
}
