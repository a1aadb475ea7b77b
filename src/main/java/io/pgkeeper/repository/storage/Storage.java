package io.pgkeeper.repository.storage;

import io.pgkeeper.error.PgKeeperException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the repository's bytes live: a POSIX directory today ({@link PosixStorage}), an object
 * store next (issue 18). Keys are relative, {@code /}-separated names below the repository
 * ({@code main/wal/000000010000000000000003-<sha256>}); {@code ""} is the repository itself. A
 * "directory" is a key prefix: an object store lists by prefix and has no directories.
 *
 * <p>Durability: every call that changes something returns only once the change survives a
 * crash or a power cut. On POSIX the file is fsynced, then renamed or linked into place, then its
 * directory is fsynced; an object store returns once the upload is complete. Nothing here needs
 * a directory rename: a backup is committed by writing its manifest last ({@link #put}), and
 * removed by deleting its manifest first.
 *
 * <p>Absent keys are {@link java.nio.file.NoSuchFileException}; other failures are
 * {@link IOException}s that {@link #failure} turns into the message an operator reads.
 */
public interface Storage {

    /** Where a key is, for messages: an absolute path here, a URL for an object store. */
    String describe(String key);

    /**
     * Whether anything exists at or below the directory key {@code dir}. Fails (exit 1), naming
     * the path, this user and the owner, when it cannot be seen: "unreadable" is never "empty".
     */
    boolean exists(String dir);

    /** The object or directory at {@code key}, or empty. */
    Optional<StoredEntry> stat(String key) throws IOException;

    /**
     * The entries directly below {@code dir} whose names start with {@code namePrefix}, sorted by
     * name: objects, and directories (common prefixes). Empty when {@code dir} does not exist.
     */
    List<StoredEntry> list(String dir, String namePrefix) throws IOException;

    /** Every object below {@code dir}, at any depth; empty when there is none. */
    List<StoredEntry> walk(String dir) throws IOException;

    /** Reads an object; the caller closes the stream. */
    InputStream open(String key) throws IOException;

    /** Replaces (or creates) an object with {@code content}: a reader sees the old or the new content whole. */
    void put(String key, byte[] content) throws IOException;

    /**
     * Starts a streaming write in {@code dir} whose size is known only at the end; nothing is
     * visible until {@link PendingObject#commit}, and closing it uncommitted leaves nothing.
     *
     * @param label names the temporary object ({@code .tmp-<label>-<unique>} here), so that an
     *     operator who finds one left by a killed process knows what it was
     */
    PendingObject create(String dir, String label) throws IOException;

    /**
     * Starts the streaming write of the file {@code name} of the backup tree {@code dir}, for a
     * tool whose output is a stream (pg_dump's custom format on stdout); commit it with
     * {@code commit(dir + "/" + name, false)}. Nothing of it is on local disk where the store is
     * remote: an object store streams it into a multipart upload of that very key, an encrypted
     * repository stores it under an opaque name that {@link #publish} records with the staged
     * files. Here (POSIX) it is {@link #create}: a private temporary file, fsynced and linked.
     */
    default PendingObject createFile(String dir, String name) throws IOException {
        return create(dir, "stream");
    }

    /** Appends one record (a line) to an append-only log object, creating it when absent. */
    void append(String key, byte[] record) throws IOException;

    /** Deletes one object; false when it was already gone. */
    boolean delete(String key) throws IOException;

    /** Deletes everything below {@code dir}, and {@code dir} itself; what is already gone is fine. */
    void deleteAll(String dir) throws IOException;

    /**
     * Creates the directory {@code dir} for one writer only: false when it exists already. A
     * backup id is reserved this way (an object store creates a marker object, conditionally).
     */
    boolean reserve(String dir) throws IOException;

    /** Makes sure {@code dir} can be written, creating it; fails (exit 1) saying which path blocks it and why. */
    void prepare(String dir);

    /**
     * The local directory where tools (pg_dump -Fd, pg_basebackup) write the tree that becomes
     * {@code dir}. Here it is the repository's own directory; an object store gives a staging
     * directory on local disk, whose files {@link #publish} uploads.
     */
    Path stage(String dir);

    /** Makes the staged tree of {@code dir} durable in the repository, private to its owner. */
    void publish(String dir) throws IOException;

    /**
     * The tree {@code dir} as local plaintext files, for tools that read files. POSIX: the
     * repository's own directory, in place. An object store or an encrypted repository: a copy
     * under the state directory, which closing the handle removes.
     */
    default LocalTree local(String dir) throws IOException {
        return local(dir, path -> true);
    }

    /**
     * {@link #local(String)}, copying only the files whose path below {@code dir} {@code wanted}
     * accepts: a restore of one database of a logical backup needs that database's files, not the
     * whole backup, under the state directory. Where the tree is read in place (POSIX, plaintext)
     * every file is there, which is a superset of what was asked.
     */
    LocalTree local(String dir, java.util.function.Predicate<String> wanted) throws IOException;

    /** Makes the entries of {@code dir} that another process created durable (fsync of the directory); a no-op where every write already is. */
    void sync(String dir) throws IOException;

    /**
     * The one mapping of a storage failure to what the operator reads: a full disk, an access
     * this user lacks (naming the path, the user and the owner), anything else.
     *
     * @param doing what failed, e.g. {@code archiving 0000000100000000000000A1 into /r/main/wal}
     * @param diskFullHint the fix when the disk is full: what is safe to do depends on the caller
     */
    PgKeeperException failure(String doing, IOException e, String diskFullHint);
}
