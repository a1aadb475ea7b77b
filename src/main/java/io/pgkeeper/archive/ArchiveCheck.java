package io.pgkeeper.archive;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The archive's coverage, computed from WAL names and timeline histories alone so it can be
 * tested without files; pure.
 *
 * <p>Recovery from a base backup replays segment after segment along one path of timelines: the
 * newest timeline that descends from the backup's (PostgreSQL's default
 * {@code recovery_target_timeline = latest}), as that timeline's history file lists its ancestors
 * and their switch points. Each segment position belongs to exactly one timeline of the path: the
 * newest one that began at or before it (the segment holding a switch point belongs to the new
 * timeline). A segment of another timeline at that position does not count, even when it has the
 * same number: the old primary's timeline goes on after the fork with other WAL. Only full
 * segments count; restore_command is never asked for a {@code .partial}. PostgreSQL looks for the
 * newest timeline by probing history files 2, 3, ... and stops at the first missing one, so every
 * history file up to the newest timeline is needed.
 */
public final class ArchiveCheck {
    private ArchiveCheck() {}

    /** As {@link #analyze(Collection, Map, long, List)} with one start (or none) and no history contents. */
    public static ArchiveCheckResult analyze(Collection<String> walNames, long segmentSize, Optional<String> from) {
        return analyze(walNames, Map.of(), segmentSize, from.map(List::of).orElse(List.of()));
    }

    /**
     * @param walNames WAL names as PostgreSQL writes them (not the stored file names); other names are ignored
     * @param histories the parsed history files, by timeline; a history file named but absent here is unknown
     * @param starts where recovery would start: each retained base backup's start segment; when
     *     empty, the oldest archived segment of the newest timeline's path
     * @throws IllegalArgumentException when a start is not a 24-hex segment name
     */
    public static ArchiveCheckResult analyze(Collection<String> walNames, Map<Integer, TimelineHistory> histories, long segmentSize,
            List<String> starts) {
        for (String s : starts) {
            if (!WalNames.isSegment(s)) {
                throw new IllegalArgumentException("not a WAL segment name (24 hex digits): " + s);
            }
        }
        Map<Integer, NavigableSet<Long>> segments = new TreeMap<>();
        TreeSet<Integer> timelines = new TreeSet<>(List.of(1));
        TreeSet<Integer> historyFiles = new TreeSet<>();
        for (String name : walNames) {
            Optional<WalNames.Type> type = WalNames.type(name);
            if (type.isEmpty()) {
                continue;
            }
            switch (type.get()) {
                case SEGMENT -> {
                    segments.computeIfAbsent(WalNames.timeline(name), t -> new TreeSet<>()).add(WalNames.segmentNumber(name, segmentSize));
                    timelines.add(WalNames.timeline(name));
                }
                case PARTIAL -> timelines.add(WalNames.timeline(name));
                case HISTORY -> {
                    historyFiles.add(WalNames.timeline(name));
                    timelines.add(WalNames.timeline(name));
                }
                case BACKUP_LABEL -> { }
            }
        }
        List<ArchiveTimeline> ranges = new ArrayList<>();
        segments.forEach((tli, s) -> ranges.add(new ArchiveTimeline(tli, WalNames.segmentName(tli, s.first(), segmentSize),
                WalNames.segmentName(tli, s.last(), segmentSize), s.size())));
        Optional<String> newest = ranges.isEmpty() ? Optional.empty() : Optional.of(ranges.get(ranges.size() - 1).last());
        if (segments.isEmpty()) {
            return new ArchiveCheckResult(ranges, List.of(), List.of(), List.of(), Optional.empty(), newest);
        }
        int newestTimeline = timelines.last();
        List<String> missingHistory = new ArrayList<>();
        for (int t = 2; t <= newestTimeline; t++) {
            if (!historyFiles.contains(t)) {
                missingHistory.add(String.format(java.util.Locale.ROOT, "%08X.history", t));
            }
        }
        Paths paths = new Paths(histories, segments, segmentSize);
        List<String> from = starts.isEmpty() ? paths.oldestOn(newestTimeline).map(List::of).orElse(List.of()) : starts;
        Set<ArchiveGap> gaps = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (String start : from) {
            int tli = WalNames.timeline(start);
            long segno = WalNames.segmentNumber(start, segmentSize);
            TimelineHistory path = paths.target(tli, segno, newestTimeline);
            if (path.timeline() != newestTimeline && histories.containsKey(newestTimeline)) {
                problems.add("recovery from " + start + " cannot follow the newest timeline " + newestTimeline + ": it does not descend from"
                        + " timeline " + tli + " at that point, so PostgreSQL's default recovery_target_timeline = latest refuses it");
            }
            gaps.addAll(paths.gaps(path, segno));
        }
        List<ArchiveGap> sorted = gaps.stream().sorted(Comparator.comparing(ArchiveGap::from)).toList();
        Optional<String> first = from.stream().min(Comparator.comparing((String s) -> WalNames.segmentNumber(s, segmentSize)));
        return new ArchiveCheckResult(ranges, sorted, missingHistory, problems, first, newest);
    }

    /** Paths of timelines through the archive. */
    private record Paths(Map<Integer, TimelineHistory> histories, Map<Integer, NavigableSet<Long>> segments, long segmentSize) {

        TimelineHistory of(int tli) {
            return tli == 1 ? TimelineHistory.first() : histories.getOrDefault(tli, new TimelineHistory(tli, List.of()));
        }

        /** The newest timeline whose path passes through {@code tli} at {@code segno}: where recovery with 'latest' goes. */
        TimelineHistory target(int tli, long segno, int newest) {
            for (int t = newest; t > tli; t--) {
                TimelineHistory h = histories.get(t);
                if (h != null && h.descendsFrom(tli) && end(h, tli) >= segno) {
                    return h;
                }
            }
            return of(tli);
        }

        /** The last segment position {@code tli} owns on this path: up to where its child begins. */
        private long end(TimelineHistory path, int tli) {
            List<Integer> p = path.path();
            int i = p.indexOf(tli);
            return i == p.size() - 1 ? Long.MAX_VALUE : path.beginSegment(p.get(i + 1), segmentSize);
        }

        int owner(TimelineHistory path, long segno) {
            int owner = path.path().get(0);
            for (int tli : path.path()) {
                long begin = path.beginSegment(tli, segmentSize);
                if (begin >= 0 && begin <= segno) {
                    owner = tli;
                }
            }
            return owner;
        }

        Optional<String> oldestOn(int newest) {
            TimelineHistory path = of(newest);
            for (int tli : path.path()) {
                NavigableSet<Long> s = segments.get(tli);
                if (s == null) {
                    continue;
                }
                for (long segno : s) {
                    if (owner(path, segno) == tli) {
                        return Optional.of(WalNames.segmentName(tli, segno, segmentSize));
                    }
                }
            }
            return Optional.empty();
        }

        /** Every position from {@code from} to the newest segment the path holds, whose owner's segment is missing. */
        List<ArchiveGap> gaps(TimelineHistory path, long from) {
            long last = -1;
            for (int tli : path.path()) {
                for (long segno : segments.getOrDefault(tli, new TreeSet<>())) {
                    if (owner(path, segno) == tli) {
                        last = Math.max(last, segno);
                    }
                }
            }
            List<ArchiveGap> out = new ArrayList<>();
            int runOwner = -1;
            long runStart = -1;
            for (long segno = from; segno <= last + 1; segno++) {
                int owner = segno <= last ? owner(path, segno) : -1;
                boolean missing = segno <= last && !segments.getOrDefault(owner, new TreeSet<>()).contains(segno);
                if (runStart >= 0 && (!missing || owner != runOwner)) {
                    out.add(new ArchiveGap(runOwner, WalNames.segmentName(runOwner, runStart, segmentSize),
                            WalNames.segmentName(runOwner, segno - 1, segmentSize), segno - runStart));
                    runStart = -1;
                }
                if (missing && runStart < 0) {
                    runStart = segno;
                    runOwner = owner;
                }
            }
            return out;
        }
    }
}
