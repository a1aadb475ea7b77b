package io.pgkeeper.archive;

import java.time.Instant;

/**
 * An archived file and the time its storage entry carries: when archive push made it durable
 * (the file's mtime here, the object's Last-Modified on an object store). {@link Instant#EPOCH}
 * when the storage could list the file but not read its time.
 */
public record ArchivedAt(ArchivedFile file, Instant at) {}
