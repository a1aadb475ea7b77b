package io.pgkeeper.policy;

import io.pgkeeper.archive.Compression;

/** How {@code archive push} stores WAL: compressed only when the policy says so. */
public record ArchivePolicy(Compression compress) {

    public static ArchivePolicy defaults() {
        return new ArchivePolicy(Compression.NONE);
    }
}
