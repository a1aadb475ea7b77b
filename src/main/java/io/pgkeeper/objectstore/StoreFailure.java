package io.pgkeeper.objectstore;

/**
 * What went wrong with a request to the object store, in the terms the exit codes need: only
 * {@link #ABSENT} means "the object is not there". Everything else is a failure to find out.
 */
public enum StoreFailure {
    /** 404 NoSuchKey: the object does not exist (the one answer that is not an error for {@code archive get}). */
    ABSENT("not found"),
    /** The store could not be reached, timed out or answered 5xx/429 on every attempt within the retry bound. */
    UNAVAILABLE("unavailable"),
    /** 401/403, a bad signature or unknown access key: the credentials or the bucket policy. */
    DENIED("access denied"),
    /** A checksum the store or pgkeeper computed does not match the bytes: nothing was stored, or what was read is damaged. */
    INTEGRITY("integrity check failed"),
    /** Any other 4xx: the bucket does not exist, a header the store does not implement, a bad request. */
    REJECTED("request rejected"),
    /** The settings cannot work: a missing credential variable, an unreadable CA file, a malformed endpoint. */
    CONFIGURATION("configuration error");

    private final String words;

    StoreFailure(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }

    /** Whether another attempt may succeed. */
    public boolean transientFailure() {
        return this == UNAVAILABLE;
    }
}
