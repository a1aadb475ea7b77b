package io.pgkeeper.archive;

import java.util.List;
import java.util.Optional;

/**
 * What {@link ArchiveCheck#analyze} found.
 *
 * @param from the segment the analysis started at (a base backup's start, or the oldest archived)
 * @param newestSegment the newest full segment: highest timeline, then highest position
 */
public record ArchiveCheckResult(
        List<ArchiveTimeline> timelines,
        List<ArchiveGap> gaps,
        List<String> missingHistory,
        Optional<String> from,
        Optional<String> newestSegment) {

    public ArchiveCheckResult {
        timelines = List.copyOf(timelines);
        gaps = List.copyOf(gaps);
        missingHistory = List.copyOf(missingHistory);
    }

    /** Recovery can replay everything from {@code from} to the newest segment. */
    public boolean ok() {
        return gaps.isEmpty() && missingHistory.isEmpty();
    }
}
