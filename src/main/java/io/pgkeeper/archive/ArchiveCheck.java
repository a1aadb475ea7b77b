package io.pgkeeper.archive;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The archive's coverage, computed from WAL names alone so it can be tested without files.
 *
 * <p>Recovery from a base backup replays segment after segment from the backup's start. After a
 * promotion, the new timeline's first segment is the one holding the switch point (the old
 * timeline's copy of it may be only a {@code .partial}), so segments missing just before a new
 * timeline starts belong to the old one. Only full segments count: restore_command never asks for
 * a {@code .partial}.
 */
public final class ArchiveCheck {
    private ArchiveCheck() {}

    /**
     * @param walNames WAL names as PostgreSQL writes them (not the stored file names); other names are ignored
     * @param from where recovery would start (the oldest retained base backup's start segment); when
     *     empty, the oldest archived segment of the lowest timeline
     * @throws IllegalArgumentException when {@code from} is not a 24-hex segment name
     */
    public static ArchiveCheckResult analyze(Collection<String> walNames, long segmentSize, Optional<String> from) {
        if (from.isPresent() && !WalNames.isSegment(from.get())) {
            throw new IllegalArgumentException("not a WAL segment name (24 hex digits): " + from.get());
        }
        Map<Integer, NavigableSet<Long>> segments = new TreeMap<>();
        TreeSet<Integer> timelinesSeen = new TreeSet<>();
        TreeSet<Integer> histories = new TreeSet<>();
        for (String name : walNames) {
            Optional<WalNames.Type> type = WalNames.type(name);
            if (type.isEmpty()) {
                continue;
            }
            switch (type.get()) {
                case SEGMENT -> {
                    segments.computeIfAbsent(WalNames.timeline(name), t -> new TreeSet<>()).add(WalNames.segmentNumber(name, segmentSize));
                    timelinesSeen.add(WalNames.timeline(name));
                }
                case PARTIAL -> timelinesSeen.add(WalNames.timeline(name));
                case HISTORY -> histories.add(WalNames.timeline(name));
                case BACKUP_LABEL -> { }
            }
        }

        List<ArchiveTimeline> ranges = new ArrayList<>();
        segments.forEach((tli, s) -> ranges.add(new ArchiveTimeline(tli, WalNames.segmentName(tli, s.first(), segmentSize),
                WalNames.segmentName(tli, s.last(), segmentSize), s.size())));

        List<String> missingHistory = timelinesSeen.stream().filter(t -> t > 1 && !histories.contains(t))
                .map(t -> String.format(java.util.Locale.ROOT, "%08X.history", t)).toList();

        Optional<String> newest = ranges.isEmpty() ? Optional.empty() : Optional.of(ranges.get(ranges.size() - 1).last());

        Optional<String> start = from.isPresent() ? from
                : ranges.isEmpty() ? Optional.empty() : Optional.of(ranges.get(0).first());
        List<ArchiveGap> gaps = start.map(s -> gaps(segments, segmentSize, s)).orElse(List.of());
        return new ArchiveCheckResult(ranges, gaps, missingHistory, start, newest);
    }

    private static List<ArchiveGap> gaps(Map<Integer, NavigableSet<Long>> segments, long segmentSize, String from) {
        int fromTimeline = WalNames.timeline(from);
        long startSegno = WalNames.segmentNumber(from, segmentSize);
        List<ArchiveGap> out = new ArrayList<>();
        long next = startSegno;
        int previousTimeline = fromTimeline;
        for (Map.Entry<Integer, NavigableSet<Long>> e : segments.entrySet()) {
            int tli = e.getKey();
            if (tli < fromTimeline) {
                continue;
            }
            boolean firstOfTimeline = true;
            for (long segno : e.getValue().tailSet(startSegno, true)) {
                if (segno > next) {
                    int owner = firstOfTimeline ? previousTimeline : tli;
                    out.add(new ArchiveGap(owner, WalNames.segmentName(owner, next, segmentSize),
                            WalNames.segmentName(owner, segno - 1, segmentSize), segno - next));
                }
                next = Math.max(next, segno + 1);
                firstOfTimeline = false;
            }
            if (!firstOfTimeline) {
                previousTimeline = tli;
            }
        }
        return out;
    }
}
