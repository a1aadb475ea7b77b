package io.pgkeeper.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The get worker's helpers for the two ends of a recovery: {@link KeepLast}, {@link BackupStart},
 * and {@link RecoveryWatch} (it ends with the recovery, once PostgreSQL removed the signal file).
 */
class KeepLastTest {
    static final long SEG = 16L << 20;
    static final String END = "00000001000000000000004C";
    static final String LAST = "00000001000000000000004B";
    static final Instant T0 = Instant.parse("2026-12-02T04:00:00Z");

    @TempDir
    Path tmp;

    private Path queue(Path dataDir) throws IOException {
        return Files.createDirectories(tmp.resolve("get").resolve(GetQueue.key("h", dataDir)));
    }

    @Test
    void theLastSegmentIsFetchedOnceMoreOnceRecoveryTookIt() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("da%ta/main"));
        KeepLast k = new KeepLast(queue(data));
        assertEquals(Optional.empty(), k.due(null, Set.of(), Set.of(), SEG), "no end yet");
        assertEquals(Optional.empty(), k.due(END, Set.of(LAST), Set.of(), SEG), "still queued: recovery has not taken it");
        assertEquals(Optional.empty(), k.due(END, Set.of(), Set.of(LAST), SEG), "in flight");
        assertEquals(Optional.of(LAST), k.due(END, Set.of(), Set.of(), SEG), "taken: once more");
        assertEquals(Optional.empty(), k.due(END, Set.of(), Set.of(), SEG), "only once per end");
        assertEquals(Optional.of(END), k.due("00000001000000000000004D", Set.of(), Set.of(), SEG), "a new end: its own last one");
    }

    @Test
    void notForAStandby() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("standby"));
        Files.writeString(data.resolve("standby.signal"), "");
        assertEquals(Optional.empty(), new KeepLast(queue(data)).due(END, Set.of(), Set.of(), SEG));
    }

    @Test
    void theBackupLabelsStartSegment() throws IOException {
        Path label = tmp.resolve("backup_label");
        Files.writeString(label, "START WAL LOCATION: 0/2000028 (file 000000010000000000000002)\nCHECKPOINT LOCATION: 0/2000060\n"
                + "BACKUP METHOD: streamed\nSTART TIMELINE: 1\n");
        assertEquals(Optional.of("000000010000000000000002"), BackupStart.segment(label));
        Files.writeString(label, "START WAL LOCATION: 0/2000028\n");
        assertEquals(Optional.empty(), BackupStart.segment(label), "no file named");
        assertEquals(Optional.empty(), BackupStart.segment(tmp.resolve("none")), "no label (a standby, a crash recovery)");
    }

    @Test
    void overGraceAfterTheSignalFileSeenWentAway() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("da%ta/main"));
        Path signal = Files.writeString(data.resolve("recovery.signal"), "");
        RecoveryWatch w = new RecoveryWatch(queue(data));
        assertFalse(w.over(T0), "recovering");
        Files.delete(signal); // PostgreSQL promoted
        assertFalse(w.over(T0.plusSeconds(1)), "gone, but the history-file probes of the promotion may follow");
        assertFalse(w.over(T0.plus(RecoveryWatch.GRACE)), "the grace counts from when the worker saw it gone");
        assertTrue(w.over(T0.plusSeconds(1).plus(RecoveryWatch.GRACE)));
    }

    @Test
    void aSignalFileBackInTimeKeepsItGoing() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("standby"));
        Path signal = Files.writeString(data.resolve("standby.signal"), "");
        RecoveryWatch w = new RecoveryWatch(queue(data));
        assertFalse(w.over(T0));
        Files.delete(signal);
        assertFalse(w.over(T0.plusSeconds(1)));
        Files.writeString(signal, ""); // put back (a restore --force into the same directory)
        assertFalse(w.over(T0.plusSeconds(10)));
        Files.delete(signal);
        assertFalse(w.over(T0.plusSeconds(11)), "a new grace");
        assertTrue(w.over(T0.plusSeconds(11).plus(RecoveryWatch.GRACE)));
    }

    @Test
    void neverOverWithoutASignalFileSeen() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("plain"));
        RecoveryWatch w = new RecoveryWatch(queue(data));
        assertFalse(w.over(T0), "an archive get run by hand in a directory that is not recovering");
        assertFalse(w.over(T0.plusSeconds(3600)), "only the idle time ends that worker");
        assertFalse(new RecoveryWatch(Files.createDirectories(tmp.resolve("no-colon"))).over(T0.plusSeconds(3600)));
    }

    @Test
    void theDataDirectoryIsTheQueuesNameUnescaped() throws IOException {
        Path data = tmp.resolve("a%2Fb/with:colon");
        assertEquals(Optional.of(data), RecoveryWatch.dataDir(tmp.resolve(GetQueue.key("host", data))));
        assertEquals(Optional.empty(), RecoveryWatch.dataDir(tmp.resolve("nohost")));
    }
}
