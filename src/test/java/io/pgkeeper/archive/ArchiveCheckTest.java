package io.pgkeeper.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArchiveCheckTest {
    private static final long MB16 = 16L * 1024 * 1024;

    private static List<String> segments(int timeline, long fromSegno, long toSegno) {
        List<String> out = new ArrayList<>();
        for (long s = fromSegno; s <= toSegno; s++) {
            out.add(WalNames.segmentName(timeline, s, MB16));
        }
        return out;
    }

    private static ArchiveCheckResult analyze(List<String> names) {
        return ArchiveCheck.analyze(names, MB16, Optional.empty());
    }

    @Test
    void contiguousArchiveIsOk() {
        ArchiveCheckResult r = analyze(segments(1, 1, 9));
        assertTrue(r.ok());
        assertEquals(List.of(new ArchiveTimeline(1, "000000010000000000000001", "000000010000000000000009", 9)), r.timelines());
        assertEquals(Optional.of("000000010000000000000001"), r.from());
        assertEquals(Optional.of("000000010000000000000009"), r.newestSegment());
    }

    @Test
    void namesASegmentMissingFromTheMiddle() {
        List<String> names = new ArrayList<>(segments(1, 1, 9));
        names.remove("000000010000000000000005");
        ArchiveCheckResult r = analyze(names);
        assertFalse(r.ok());
        assertEquals(List.of(new ArchiveGap(1, "000000010000000000000005", "000000010000000000000005", 1)), r.gaps());
        assertEquals(8, r.timelines().get(0).segments());
    }

    @Test
    void reportsEveryGapWithItsLength() {
        List<String> names = new ArrayList<>(segments(1, 1, 3));
        names.addAll(segments(1, 7, 7));
        names.addAll(segments(1, 10, 12));
        assertEquals(List.of(new ArchiveGap(1, "000000010000000000000004", "000000010000000000000006", 3),
                new ArchiveGap(1, "000000010000000000000008", "000000010000000000000009", 2)), analyze(names).gaps());
    }

    @Test
    void countsAcrossTheLogBoundary() {
        List<String> names = List.of("0000000100000000000000FE", "0000000100000000000000FF", "000000010000000100000000");
        assertTrue(analyze(names).ok());
        long gb = 1L << 30;
        assertTrue(ArchiveCheck.analyze(List.of("000000010000000000000003", "000000010000000100000000"), gb, Optional.empty()).ok());
        assertEquals(List.of(new ArchiveGap(1, "000000010000000000000003", "000000010000000000000003", 1)),
                ArchiveCheck.analyze(List.of("000000010000000000000002", "000000010000000100000000"), gb, Optional.empty()).gaps());
    }

    @Test
    void startsAtTheBaseBackupWhenGiven() {
        List<String> names = new ArrayList<>(segments(1, 1, 3));
        names.addAll(segments(1, 8, 10)); // 4..7 expired or lost
        assertTrue(ArchiveCheck.analyze(names, MB16, Optional.of("000000010000000000000008")).ok());
        ArchiveCheckResult before = ArchiveCheck.analyze(segments(1, 8, 10), MB16, Optional.of("000000010000000000000005"));
        assertEquals(List.of(new ArchiveGap(1, "000000010000000000000005", "000000010000000000000007", 3)), before.gaps());
        assertEquals(Optional.of("000000010000000000000005"), before.from());
    }

    @Test
    void nothingArchivedSinceTheBackupIsNoGapYet() {
        ArchiveCheckResult r = ArchiveCheck.analyze(segments(1, 1, 3), MB16, Optional.of("000000010000000000000008"));
        assertTrue(r.gaps().isEmpty());
    }

    /** A history file's content: each ancestor and the segment its child began in (at offset 0x28 of it). */
    private static TimelineHistory history(int tli, int[][] forks) {
        StringBuilder sb = new StringBuilder();
        for (int[] f : forks) {
            sb.append(f[0]).append('\t').append(new Lsn(f[1] * MB16 + 0x28)).append("\tno recovery target specified\n");
        }
        return TimelineHistory.parse(tli, sb.toString());
    }

    private static ArchiveCheckResult analyze(List<String> names, Map<Integer, TimelineHistory> h, String... starts) {
        return ArchiveCheck.analyze(names, h, MB16, List.of(starts));
    }

    @Test
    void followsAPromotionOntoTheNextTimeline() {
        List<String> names = new ArrayList<>(segments(1, 1, 4));
        names.add("000000010000000000000005.partial");
        names.addAll(segments(2, 5, 8));
        names.add("00000002.history");
        ArchiveCheckResult r = analyze(names, Map.of(2, history(2, new int[][] {{1, 5}})));
        assertTrue(r.ok(), r::toString);
        assertEquals(2, r.timelines().size());
        assertEquals(Optional.of("000000020000000000000008"), r.newestSegment());
    }

    @Test
    void segmentsMissingBeforeTheSwitchBelongToTheOldTimeline() {
        List<String> names = new ArrayList<>(segments(1, 1, 3));
        names.addAll(segments(2, 6, 8));
        names.add("00000002.history");
        assertEquals(List.of(new ArchiveGap(1, "000000010000000000000004", "000000010000000000000005", 2)),
                analyze(names, Map.of(2, history(2, new int[][] {{1, 6}}))).gaps());
    }

    @Test
    void aGapOnTheNewTimelineIsNamedOnIt() {
        List<String> names = new ArrayList<>(segments(1, 1, 5));
        names.addAll(segments(2, 5, 6));
        names.addAll(segments(2, 8, 9));
        names.add("00000002.history");
        assertEquals(List.of(new ArchiveGap(2, "000000020000000000000007", "000000020000000000000007", 1)),
                analyze(names, Map.of(2, history(2, new int[][] {{1, 5}}))).gaps());
    }

    @Test
    void theOldTimelinesSegmentsAfterTheForkDoNotHideAGapOnTheNewOne() {
        // the old primary went on writing timeline 1 after the failover: its segments 6..9 hold other WAL
        List<String> names = new ArrayList<>(segments(1, 1, 9));
        names.addAll(segments(2, 5, 6));
        names.addAll(segments(2, 8, 9));
        names.add("00000002.history");
        ArchiveCheckResult r = analyze(names, Map.of(2, history(2, new int[][] {{1, 5}})), "000000010000000000000002");
        assertFalse(r.ok());
        assertEquals(List.of(new ArchiveGap(2, "000000020000000000000007", "000000020000000000000007", 1)), r.gaps());
    }

    @Test
    void everyRetainedBackupIsCheckedAlongItsOwnPath() {
        List<String> names = new ArrayList<>(segments(1, 1, 3));
        names.addAll(segments(1, 5, 6)); // 4 missing on timeline 1, before the fork at 6
        names.addAll(segments(2, 6, 9));
        names.add("00000002.history");
        Map<Integer, TimelineHistory> h = Map.of(2, history(2, new int[][] {{1, 6}}));
        assertEquals(List.of(new ArchiveGap(1, "000000010000000000000004", "000000010000000000000004", 1)),
                analyze(names, h, "000000010000000000000002", "000000020000000000000007").gaps());
        assertTrue(analyze(names, h, "000000020000000000000007").ok());
    }

    @Test
    void olderTimelinesThanTheBackupAreNotChecked() {
        List<String> names = new ArrayList<>(segments(1, 1, 2));
        names.addAll(segments(1, 9, 9)); // a gap on timeline 1, before the backup
        names.addAll(segments(2, 20, 22));
        names.add("00000002.history");
        ArchiveCheckResult r = analyze(names, Map.of(2, history(2, new int[][] {{1, 19}})), WalNames.segmentName(2, 20, MB16));
        assertTrue(r.ok(), r::toString);
        assertEquals(2, r.timelines().size());
    }

    @Test
    void everyTimelineUpToTheNewestNeedsItsHistoryFile() {
        List<String> names = new ArrayList<>(segments(1, 1, 4));
        names.addAll(segments(2, 4, 5));
        names.add("000000030000000000000005.partial");
        names.addAll(segments(4, 5, 6));
        names.add("00000004.history");
        ArchiveCheckResult r = analyze(names, Map.of(4, history(4, new int[][] {{1, 4}, {2, 5}, {3, 5}})));
        assertFalse(r.ok());
        assertTrue(r.gaps().isEmpty(), r::toString);
        assertEquals(List.of("00000002.history", "00000003.history"), r.missingHistory());
    }

    @Test
    void aBackupOnABranchTheNewestTimelineLeftIsAProblem() {
        // timeline 2 forked from 1 at segment 4; a backup was taken on timeline 1 (the old primary) at segment 6
        List<String> names = new ArrayList<>(segments(1, 1, 7));
        names.addAll(segments(2, 4, 8));
        names.add("00000002.history");
        ArchiveCheckResult r = analyze(names, Map.of(2, history(2, new int[][] {{1, 4}})), "000000010000000000000006");
        assertFalse(r.ok());
        assertTrue(r.gaps().isEmpty(), r::toString);
        assertTrue(r.problems().get(0).contains("cannot follow the newest timeline 2"), r.problems()::toString);
    }

    @Test
    void ignoresBackupLabelsAndForeignNames() {
        List<String> names = new ArrayList<>(segments(1, 1, 2));
        names.add("000000010000000000000002.00000028.backup");
        names.add("not-wal");
        ArchiveCheckResult r = analyze(names);
        assertTrue(r.ok());
        assertEquals(2, r.timelines().get(0).segments());
    }

    @Test
    void emptyArchiveHasNothingToReport() {
        ArchiveCheckResult r = analyze(List.of());
        assertTrue(r.ok());
        assertEquals(Optional.empty(), r.newestSegment());
        assertEquals(Optional.empty(), r.from());
        assertTrue(r.timelines().isEmpty());
    }

    @Test
    void refusesAFromThatIsNotASegmentName() {
        assertThrows(IllegalArgumentException.class, () -> ArchiveCheck.analyze(List.of(), MB16, Optional.of("../x")));
    }
}
