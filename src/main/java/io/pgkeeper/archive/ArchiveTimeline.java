package io.pgkeeper.archive;

/** The full segments the archive holds on one timeline: first, last and how many (gaps included in neither). */
public record ArchiveTimeline(int timeline, String first, String last, long segments) {}
