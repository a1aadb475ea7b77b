package io.pgkeeper.archive;

import java.util.ArrayList;
import java.util.List;

/**
 * A timeline history file ({@code 00000003.history}): for each ancestor of the timeline, where it
 * ended and the next one began. Each line is {@code parentTLI<TAB>switchpoint<TAB>reason};
 * comments and blank lines are skipped, as PostgreSQL skips them.
 *
 * @param timeline the timeline this file describes
 * @param forks its ancestors, oldest first, each with the LSN where its child began
 */
public record TimelineHistory(int timeline, List<Fork> forks) {

    public record Fork(int parent, Lsn switchpoint) {}

    public TimelineHistory {
        forks = List.copyOf(forks);
    }

    /** Timeline 1 has no history file and no ancestor. */
    public static TimelineHistory first() {
        return new TimelineHistory(1, List.of());
    }

    public static TimelineHistory parse(int timeline, String text) {
        List<Fork> forks = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length < 2 || !f[0].matches("\\d+") || !Lsn.isValid(f[1])) {
                throw new IllegalArgumentException("not a timeline history line: " + line);
            }
            forks.add(new Fork(Integer.parseInt(f[0]), Lsn.parse(f[1])));
        }
        return new TimelineHistory(timeline, forks);
    }

    /** Whether recovery along this timeline passes through {@code tli}. */
    public boolean descendsFrom(int tli) {
        return tli == timeline || forks.stream().anyMatch(f -> f.parent() == tli);
    }

    /** The segment number where {@code tli} begins on this path (0 for the oldest); -1 when it is not on it. */
    public long beginSegment(int tli, long segmentSize) {
        if (tli == (forks.isEmpty() ? timeline : forks.get(0).parent())) {
            return 0;
        }
        for (int i = 0; i < forks.size(); i++) {
            int child = i + 1 < forks.size() ? forks.get(i + 1).parent() : timeline;
            if (child == tli) {
                return forks.get(i).switchpoint().value() / segmentSize;
            }
        }
        return -1;
    }

    /** The timelines of the path, oldest first, ending with this one. */
    public List<Integer> path() {
        List<Integer> out = new ArrayList<>();
        forks.forEach(f -> out.add(f.parent()));
        out.add(timeline);
        return out;
    }
}
