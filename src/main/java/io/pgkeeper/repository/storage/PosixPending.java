package io.pgkeeper.repository.storage;

import io.pgkeeper.util.SecureFiles;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A write under a temporary name in the target's directory, 0600 from its creation: fsync, then
 * rename (replace) or link(2) (never replace) to the final name, then fsync of the directory.
 */
final class PosixPending implements PendingObject {
    private final PosixStorage storage;
    private final Path dir;
    private final Path tmp;
    private final FileChannel channel;
    private final OutputStream out;
    private boolean finished;

    PosixPending(PosixStorage storage, Path dir, String label, SecureFiles files) throws IOException {
        this.storage = storage;
        this.dir = dir;
        this.tmp = dir.resolve(".tmp-" + label + "-" + uniqueSuffix());
        this.channel = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(SecureFiles.FILE));
        boolean ok = false;
        try {
            files.inheritOwnership(tmp);
            ok = true;
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        } finally {
            if (!ok) {
                close();
            }
        }
        this.out = new NonClosing(Channels.newOutputStream(channel));
    }

    /** Unique per process and thread: parallel writers in one JVM must not share a temporary name. */
    static String uniqueSuffix() {
        return ProcessHandle.current().pid() + "-" + Thread.currentThread().getId() + "-" + System.nanoTime();
    }

    @Override
    public OutputStream stream() {
        return out;
    }

    @Override
    public boolean commit(String key, boolean replace) throws IOException {
        Path target = storage.path(key);
        if (!dir.equals(target.getParent())) {
            throw new IllegalArgumentException(key + " is not in the directory this write was created in (" + dir + ")");
        }
        out.flush();
        channel.force(true);
        channel.close();
        if (replace) {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
            try {
                // link(2) never replaces: of two writers of one name, exactly one wins
                Files.createLink(target, tmp);
            } catch (FileAlreadyExistsException e) {
                finished = true;
                Files.deleteIfExists(tmp);
                return false;
            }
            Files.deleteIfExists(tmp);
        }
        finished = true;
        SecureFiles.fsyncDirectory(dir);
        return true;
    }

    @Override
    public void close() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing of it is kept; only the temporary name could be left
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // best effort: a leftover temporary name is never taken for an object
        }
    }

    /** Lets a compressor finish its frame without closing the channel that must still be fsynced. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
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
}
