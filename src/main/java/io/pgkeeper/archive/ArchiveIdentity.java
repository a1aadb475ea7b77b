package io.pgkeeper.archive;

/**
 * Which cluster an archive belongs to, recorded at the first push or base backup. A segment
 * whose header names another system identifier is refused: two clusters must never share one
 * archive, since recovery would replay the wrong history.
 */
public record ArchiveIdentity(String systemIdentifier, long segmentSize) {
    public static final String FILE_NAME = "archive-identity.json";
}
