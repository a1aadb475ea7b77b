package io.pgkeeper.repository;

import io.pgkeeper.repository.storage.PendingObject;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * A file of a backup attempt written as a stream straight into the repository's storage (pg_dump
 * custom format on stdout): no staged copy. The sha256 and size of the plaintext are counted as
 * the bytes pass, so {@link BackupAttempt#seal} takes its entry as it is, neither re-read nor
 * re-uploaded. Nothing of it is visible before {@link #commit}; closed uncommitted, it is discarded.
 */
public final class StreamedFile implements AutoCloseable {
    private final PendingObject pending;
    private final String key;
    private final String name;
    private final String target;
    private final Consumer<FileEntry> committed;
    private final MessageDigest sha256 = Checksums.newDigest();
    private final OutputStream out;
    private long size;

    StreamedFile(PendingObject pending, String dirKey, String name, String target, Consumer<FileEntry> committed) {
        this.pending = pending;
        this.target = target;
        this.key = dirKey + "/" + name;
        this.name = name;
        this.committed = committed;
        OutputStream sink = pending.stream();
        this.out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                sink.write(b, off, len);
                sha256.update(b, off, len);
                size += len;
            }

            @Override
            public void flush() throws IOException {
                sink.flush();
            }

            @Override
            public void close() throws IOException {
                sink.flush(); // the file is finished by commit
            }
        };
    }

    /** Where the tool writes; the caller must not write after {@link #commit}. */
    public OutputStream stream() {
        return out;
    }

    /** The file's path in the backup. */
    public String name() {
        return name;
    }

    /** Where it is stored, for messages: a path, a URL. */
    public String target() {
        return target;
    }

    /** Makes the file durable under its name in the attempt and returns its manifest entry. */
    public FileEntry commit() throws IOException {
        pending.stream().close();
        if (!pending.commit(key, false)) {
            throw new IOException(key + " exists already: another writer used this backup's directory");
        }
        FileEntry entry = new FileEntry(name, size, HexFormat.of().formatHex(sha256.digest()));
        committed.accept(entry);
        return entry;
    }

    /** Discards the write unless it was committed; never fails. */
    @Override
    public void close() {
        pending.close();
    }
}
