package io.pgkeeper.spool;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Optional;

/**
 * Wakes the get worker when its queue directory changes (inotify on Linux): recovery took an
 * entry (the launcher's {@code mv} out), or asked for another segment ({@code next} renamed in).
 * Without it the worker looked every 20 ms, which cost 6-7% of a CPU even with a full queue and
 * nothing to do; during recovery that CPU is the startup process's. Only a wake-up: the worker
 * still looks on its own every {@link #FALLBACK} ms, for a file system that sends no events.
 */
final class QueueWake implements AutoCloseable {
    static final long FALLBACK = 250;

    private final Optional<WatchService> watch;

    private QueueWake(Optional<WatchService> watch) {
        this.watch = watch;
    }

    /** Calls {@code wake} from a daemon thread after each batch of changes in {@code dir}. */
    static QueueWake start(Path dir, Runnable wake) {
        WatchService ws;
        try {
            ws = dir.getFileSystem().newWatchService();
            dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException | UnsupportedOperationException e) {
            // no events here (inotify limits reached, another file system): the fallback looks serve
            return new QueueWake(Optional.empty());
        }
        Thread t = new Thread(() -> {
            try {
                for (WatchKey key = ws.take(); ; key = ws.take()) {
                    key.pollEvents();
                    wake.run();
                    if (!key.reset()) {
                        return; // the directory went (the recovery finished): the worker sees that itself
                    }
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                // closed by the worker on its way out: nothing is waiting for another wake-up
            }
        }, "get-wake");
        t.setDaemon(true);
        t.start();
        return new QueueWake(Optional.of(ws));
    }

    @Override
    public void close() {
        watch.ifPresent(ws -> {
            try {
                ws.close();
            } catch (IOException e) {
                // the worker is exiting; its process ends the watch anyway
            }
        });
    }
}
