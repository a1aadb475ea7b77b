package io.pgkeeper.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The get worker's helpers for the two ends of a recovery: {@link KeepLast} and {@link BackupStart}. */
class KeepLastTest {
    static final long SEG = 16L << 20;
    static final String END = "00000001000000000000004C";
    static final String LAST = "00000001000000000000004B";

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
}
