package io.pgkeeper.archive;

import java.util.List;

/**
 * {@code archive check}'s answer for one cluster, shaped for JSON.
 *
 * @param from the segment the gap analysis started at; null when the archive holds no segment
 * @param fromSource why it started there: {@code base backup <id>} or {@code oldest archived segment}
 * @param problems what else stops recovery along a timeline (a newest timeline that does not descend from a backup, an unreadable history file)
 * @param newestAgeSeconds seconds since the newest segment was archived (its file's mtime); null when there is none
 */
public record ArchiveCheckReport(
        String cluster,
        boolean ok,
        List<ArchiveTimeline> timelines,
        List<ArchiveGap> gaps,
        List<String> missingHistory,
        List<String> problems,
        String newestSegment,
        Long newestAgeSeconds,
        String from,
        String fromSource,
        long segmentSize) {}
