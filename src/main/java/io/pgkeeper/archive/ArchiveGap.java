package io.pgkeeper.archive;

/**
 * Segments recovery would need but the archive lacks, {@code from} to {@code to} inclusive, on the
 * timeline they belong to. Recovery through them stops at {@code from}.
 */
public record ArchiveGap(int timeline, String from, String to, long missing) {}
