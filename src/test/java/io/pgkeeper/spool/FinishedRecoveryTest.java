package io.pgkeeper.spool;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end of a watched recovery drops its read-ahead queue in one step, so that the get worker,
 * whose fetch may be in flight, never finds its temporary file gone while the queue still stands
 * (which it would report as a failed read-ahead; AsyncRecoveryIT once saw it).
 */
class FinishedRecoveryTest {
    static final String WAL = "00000001000000000000001C";

    @TempDir
    Path tmp;

    @Test
    void aFetchInFlightFindsTheQueueGoneNotJustItsFile() throws IOException {
        SpoolFixture f = new SpoolFixture(tmp);
        Archiving a = f.archiving();
        GetQueue queue = GetQueue.of(a.spool(), GetQueue.host(), f.pgdata.toAbsolutePath()).orElseThrow();
        Files.createDirectories(queue.dir());
        Path fetching = Files.writeString(queue.dir().resolve("." + WAL + "-" + "a".repeat(64) + ".1-2"), "WAL being fetched");
        Files.writeString(queue.dir().resolve(WAL + FetchMarks.SUFFIX), "1\n");
        Files.writeString(queue.dir().resolve("00000001000000000000001B-" + "b".repeat(64) + ".1.17"), "a queued segment");
        Path killedRun = Files.createDirectories(a.spool().getDir().resolve(FinishedRecovery.DROPPED + "1-" + queue.dir().getFileName()));
        Files.writeString(killedRun.resolve("00000001000000000000001A-" + "c".repeat(64) + ".1.17"), "decrypted WAL left by a killed run");

        FinishedRecovery.dropQueue(a.cluster().archive(), a.repository().root(), "main", f.pgdata);

        assertFalse(Files.exists(queue.dir()), "the queue is gone");
        assertFalse(Files.exists(fetching));
        // what the worker's fetch does next, and why it then stays quiet: its queue directory is gone too
        assertThrows(NoSuchFileException.class, () -> Files.move(fetching, queue.dir().resolve(WAL + "-x"), StandardCopyOption.ATOMIC_MOVE));
        try (Stream<Path> left = Files.list(a.spool().getDir())) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(FinishedRecovery.DROPPED)),
                    "no dropped queue stays behind, this run's or a killed run's");
        }
    }

    @Test
    void noQueueIsNothingToDrop() throws IOException {
        SpoolFixture f = new SpoolFixture(tmp);
        Archiving a = f.archiving();
        FinishedRecovery.dropQueue(a.cluster().archive(), a.repository().root(), "main", f.pgdata);
        GetQueue queue = GetQueue.of(a.spool(), GetQueue.host(), f.pgdata.toAbsolutePath()).orElseThrow();
        assertFalse(Files.exists(queue.dir()));
    }
}
