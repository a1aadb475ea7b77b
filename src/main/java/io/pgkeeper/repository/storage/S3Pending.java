package io.pgkeeper.repository.storage;

import io.pgkeeper.objectstore.ObjectWriter;
import io.pgkeeper.objectstore.PutResult;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/**
 * A streaming write to an S3 repository whose key is known only at the end (a WAL file's name
 * holds its sha256). A multipart upload needs its key when it starts, so the bytes go to a 0600
 * temporary file under the state directory first; {@link #commit} uploads it to the final key
 * (conditionally, when it must not replace) and removes it. Nothing is visible in the bucket
 * before the upload completes; a killed run leaves only the local temporary file, which the next
 * write to the same directory does not see and an operator may delete.
 */
final class S3Pending implements PendingObject {
    private final S3Storage storage;
    private final String dir;
    private final Path tmp;
    private final OutputStream out;
    private boolean finished;

    private S3Pending(S3Storage storage, String dir, Path tmp, OutputStream out) {
        this.storage = storage;
        this.dir = dir;
        this.tmp = tmp;
        this.out = out;
    }

    static S3Pending open(S3Storage storage, String dir, String label) {
        Path tmp = storage.localDir("tmp", "").resolve(".tmp-" + label + "-" + UUID.randomUUID());
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(io.pgkeeper.util.SecureFiles.FILE));
            OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.WRITE), 1 << 16);
            return new S3Pending(storage, dir, tmp, out);
        } catch (IOException e) {
            throw storage.failure("creating " + tmp, e, null);
        }
    }

    @Override
    public OutputStream stream() {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush(); // the object is finished by commit, not by closing the stream
            }
        };
    }

    @Override
    public boolean commit(String key, boolean replace) throws IOException {
        if (finished) {
            throw new IllegalStateException("write of " + key + " already finished");
        }
        int slash = key.lastIndexOf('/');
        if (!(slash < 0 ? "" : key.substring(0, slash)).equals(dir)) {
            throw new IllegalArgumentException(key + " is not in the directory this write was created in (" + dir + ")");
        }
        out.close();
        String full = key;
        try {
            return storage.call(() -> {
                try (InputStream in = Files.newInputStream(tmp); ObjectWriter w = storage.store().create(full, replace)) {
                    in.transferTo(w);
                    PutResult r = w.commit();
                    return r != null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            out.close();
        } catch (IOException e) {
            // the temporary file is deleted next; what it held does not matter any more
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // a left temporary file under stateDir/tmp holds nothing visible; an operator may delete it
        }
    }
}
