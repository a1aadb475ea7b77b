package io.pgkeeper.objectstore;

import java.time.Instant;

/**
 * An object of the store, or a common prefix (a "directory") of a delimited listing.
 *
 * @param key relative to the settings' prefix; a common prefix ends with {@code /}
 * @param etag the store's entity tag, without quotes; empty for a common prefix
 */
public record ObjectInfo(String key, boolean commonPrefix, long size, Instant lastModified, String etag) {

    static ObjectInfo prefix(String key) {
        return new ObjectInfo(key, true, 0, Instant.EPOCH, "");
    }
}
