package io.pgkeeper.repository.storage;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A streaming write whose size and, for WAL, whose final name are known only at the end (the
 * name holds the content's sha256). Nothing is visible before {@link #commit}; {@link #close}
 * without a commit discards what was written.
 */
public interface PendingObject extends AutoCloseable {

    /** Where to write. Closing it only flushes: the object is finished by {@link #commit}. */
    OutputStream stream();

    /**
     * Makes the bytes durable and visible under {@code key}, in the directory the write was
     * created in.
     *
     * @param replace whether an existing object of that key is replaced; when not, an existing
     *     object is left as it is, nothing of this write remains, and the answer is false. Of two
     *     writers racing for one key without replace, exactly one wins (link(2) here; a
     *     conditional write on an object store).
     * @return whether this write is now the object under {@code key}
     */
    boolean commit(String key, boolean replace) throws IOException;

    /**
     * The sha256 of the object as it will be stored, when that differs from what was written
     * (an encrypted repository: the ciphertext's); empty otherwise. Asked after the stream was
     * closed, it ends the write.
     */
    default java.util.Optional<String> storedSha256() {
        return java.util.Optional.empty();
    }

    /** Discards the write unless it was committed; never fails (what is left is a temporary name). */
    @Override
    void close();
}
