package io.pgkeeper.spool;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The get worker is woken by what recovery does to its queue directory, not only by its own looks. */
class QueueWakeTest {
    @TempDir
    Path tmp;

    @Test
    void anEntryTakenOutOrARequestRenamedInWakesTheWorker() throws Exception {
        Path queue = Files.createDirectory(tmp.resolve("queue"));
        Path entry = Files.writeString(queue.resolve("000000010000000000000005-x"), "wal");
        Semaphore wakes = new Semaphore(0);
        try (QueueWake wake = QueueWake.start(queue, wakes::release)) {
            // the launcher's mv of an entry to pg_wal/RECOVERYXLOG
            Files.move(entry, tmp.resolve("RECOVERYXLOG"), StandardCopyOption.ATOMIC_MOVE);
            assertTrue(wakes.tryAcquire(30, TimeUnit.SECONDS), "no wake-up after an entry was moved out");
            wakes.drainPermits();

            // GetQueue.request: next written beside, then renamed in
            Path tmpNext = Files.writeString(queue.resolve(".next.tmp"), "000000010000000000000009\n");
            Files.move(tmpNext, queue.resolve("next"), StandardCopyOption.ATOMIC_MOVE);
            assertTrue(wakes.tryAcquire(30, TimeUnit.SECONDS), "no wake-up after next was renamed in");
        }
    }

    @Test
    void aDirectoryThatCannotBeWatchedLeavesTheFallbackLooks() throws Exception {
        Semaphore wakes = new Semaphore(0);
        try (QueueWake wake = QueueWake.start(tmp.resolve("gone"), wakes::release)) {
            Files.createDirectory(tmp.resolve("gone"));
            Files.writeString(tmp.resolve("gone").resolve("next"), "x");
            // nothing watches a directory that did not exist: no wake-up ever comes, the worker looks every FALLBACK ms
            assertFalse(wakes.tryAcquire(1, TimeUnit.SECONDS));
        }
    }
}
