package io.pgkeeper.objectstore;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * A bucket (below a key prefix) of an S3-compatible object store, through which the repository
 * will reach its objects. Keys are relative to the prefix and {@code /}-separated; a "directory"
 * is a key prefix ending in {@code /}. Every call retries transient failures within the
 * settings' {@link RetryBounds} and then throws an {@link ObjectStoreException} whose
 * {@link StoreFailure} says what happened; {@link StoreFailure#ABSENT} is the only "not there".
 *
 * <p>Writes are atomic: an object appears whole when its upload completes ({@link #put},
 * {@link ObjectWriter#commit}), or not at all. A reader never sees part of an upload.
 */
public interface ObjectStore extends AutoCloseable {

    /** {@code s3://bucket/prefix/key}, for messages. */
    String describe(String key);

    /** The object, or empty when there is none (a missing bucket is an error, not "empty"). */
    Optional<ObjectInfo> head(String key);

    /**
     * Streams an object. A read that breaks off part-way is resumed from where it stopped
     * (a ranged GET of the same version, matched by its entity tag), within the retry bounds.
     *
     * @throws ObjectStoreException with {@link StoreFailure#ABSENT} when there is no such object
     */
    InputStream open(String key);

    /**
     * The objects and common prefixes directly below {@code dir} (a key ending in {@code /}, or
     * {@code ""}) whose names start with {@code namePrefix}, sorted by key; every page of the
     * listing is fetched.
     */
    List<ObjectInfo> list(String dir, String namePrefix);

    /** Every object whose key starts with {@code prefix}, at any depth, sorted by key. */
    List<ObjectInfo> walk(String prefix);

    /**
     * Stores a small object in one request.
     *
     * @param replace when false, the write happens only if no object has that key (a conditional
     *     write, {@code If-None-Match: *}); of two racing writers exactly one wins
     * @return whether this content is now the object; false only when {@code !replace} and the key existed
     */
    boolean put(String key, byte[] content, boolean replace);

    /**
     * Replaces a small object only while it is the version read ({@code If-Match} on its entity
     * tag): the write of a read-modify-write.
     *
     * @return false when another writer replaced or deleted it meanwhile (412): read again and retry
     */
    boolean replaceIf(String key, byte[] content, String etag);

    /** Starts a streaming upload of unknown size to {@code key}; see {@link ObjectWriter}. */
    ObjectWriter create(String key, boolean replace);

    /** Deletes one object; false when there was none. */
    boolean delete(String key);

    /** Deletes every object whose key starts with {@code prefix}; returns how many. */
    int deleteAll(String prefix);

    /** Aborts the unfinished multipart uploads below {@code prefix} (left by a killed run); returns their keys. */
    List<String> abortUploads(String prefix);

    @Override
    void close();
}
