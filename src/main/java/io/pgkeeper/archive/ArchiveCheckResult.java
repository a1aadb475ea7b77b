package io.pgkeeper.archive;

import java.util.List;
import java.util.Optional;

/**
 * What {@link ArchiveCheck#analyze} found.
 *
 * @param problems what else stops recovery along a timeline: a newest timeline that does not
 *     descend from a backup, a history file that cannot be read
 * @param from the segment the analysis started at (the oldest base backup's start, or the oldest archived)
 * @param newestSegment the newest full segment: highest timeline, then highest position
 */
public record ArchiveCheckResult(
        List<ArchiveTimeline> timelines,
        List<ArchiveGap> gaps,
        List<String> missingHistory,
        List<String> problems,
        Optional<String> from,
        Optional<String> newestSegment) {

    public ArchiveCheckResult {
        timelines = List.copyOf(timelines);
        gaps = List.copyOf(gaps);
        missingHistory = List.copyOf(missingHistory);
        problems = List.copyOf(problems);
    }

    /** Recovery can replay everything from each start to the newest segment of its timeline path. */
    public boolean ok() {
        return gaps.isEmpty() && missingHistory.isEmpty() && problems.isEmpty();
    }

    /** The same findings with more problems (found while reading the archive). */
    public ArchiveCheckResult withProblems(List<String> more) {
        List<String> all = new java.util.ArrayList<>(problems);
        all.addAll(more);
        return new ArchiveCheckResult(timelines, gaps, missingHistory, all, from, newestSegment);
    }
}
