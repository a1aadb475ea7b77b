package io.pgkeeper.retention;

import java.time.Instant;
import java.util.Objects;

/**
 * A backup directory without a manifest: a run that is still going, crashed or was killed.
 *
 * @param lastModified the newest modification time of anything inside it, so a slow but live
 *     run keeps looking recent
 * @param locked a running pgkeeper process holds the lock for it
 */
public record UnfinishedAttempt(String id, RetentionKind kind, Instant lastModified, boolean locked) {

    public UnfinishedAttempt {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(lastModified, "lastModified");
    }
}
