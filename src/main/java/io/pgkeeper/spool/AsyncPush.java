package io.pgkeeper.spool;

import io.pgkeeper.archive.ArchivedFile;
import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.archive.WalNames;
import io.pgkeeper.error.PgKeeperException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;

/**
 * The foreground of asynchronous {@code archive push}, what PostgreSQL's archiver runs for one
 * WAL file: exits 0 when the spool's acknowledgement proves the file durable in the archive; else
 * starts (or joins) the push worker and waits, up to {@link #WAIT}, for that acknowledgement. An
 * error record fails the call with its message (exit 1, and PostgreSQL retries); it is removed so
 * that the worker tries again. A file PostgreSQL has not marked {@code .ready} (a push run by hand)
 * is pushed synchronously: the worker only takes what PostgreSQL waits for.
 */
final class AsyncPush {
    static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MAX_STARTS = 3;
    private static final long POLL_MS = 10;

    private final Archiving a;
    private final Spool spool;

    AsyncPush(Archiving a, Spool spool) {
        this.a = a;
        this.spool = spool;
    }

    WalArchive.PushResult push(Path source) {
        String name = source.getFileName().toString();
        Path walDir = source.toAbsolutePath().getParent();
        if (WalNames.type(name).isEmpty() || walDir == null || !ReadyFiles.waiting(walDir, name)) {
            // not a name PostgreSQL hands over, or not one its archiver waits for: the synchronous push says why, or does it
            return a.archive().push(source, a.settings().compress());
        }
        try {
            spool.ensure(a.repository().files());
        } catch (PgKeeperException e) {
            LoggerFactory.getLogger(AsyncPush.class).warn("{}; archiving {} synchronously ({})", e.getMessage(), name, e.hint().orElse(""));
            return a.archive().push(source, a.settings().compress());
        }
        storeBinding();
        AckCheck acks = new AckCheck(spool, a.archive());
        Instant deadline = a.clock().instant().plus(WAIT);
        Process started = null;
        int starts = 0;
        while (true) {
            Optional<ArchivedFile> done = acks.proven(source);
            if (done.isPresent()) {
                return new WalArchive.PushResult(done.get(), false);
            }
            reportError(name);
            if (!WorkerLock.held(spool.pushWorker("worker.lock")) && (started == null || !started.isAlive())) {
                if (starts == MAX_STARTS) {
                    throw PgKeeperException.failed("the archive worker exited " + starts + " times without archiving " + name
                            + " and without saying why" + LogTail.of(spool.pushWorker("worker.log")),
                            "see " + spool.pushWorker("worker.log") + "; PostgreSQL keeps the file and retries");
                }
                started = a.starter().start(a.workerArgs("push", spool, walDir), spool.pushWorker("worker.log"), spool.dir());
                starts++;
            }
            if (a.clock().instant().isAfter(deadline)) {
                throw PgKeeperException.failed("the archive worker did not archive " + name + " within " + WAIT.toSeconds() + "s"
                                + LogTail.of(spool.pushWorker("worker.log")),
                        "see " + spool.pushWorker("worker.log") + " (a slow or hung repository?); PostgreSQL keeps the file and retries");
            }
            sleep();
        }
    }

    void storeBinding() {
        try {
            if (!(a.repository().storage() instanceof io.pgkeeper.repository.storage.PosixStorage)) {
                // the launcher's shell check reads the archive as local files; an object store's archive it cannot
                // see, so no binding: every call goes to Java, which asks the store (a stale one is removed)
                java.nio.file.Files.deleteIfExists(spool.binding());
                return;
            }
            Binding.of(a.policyFile(), a.cluster().name(), spool, a.repository().clusterDir(a.cluster().name()), a.env(),
                    a.clock().instant()).store(spool.binding());
        } catch (IOException | UncheckedIOException e) {
            // without a binding the launcher defers every call to Java: slower, as strict
            LoggerFactory.getLogger(AsyncPush.class).debug("no spool binding: {}", e.getMessage());
        }
    }

    /**
     * Fails with the error record of {@code name}, or of any other segment (the worker pauses
     * after an error until it is reported), and removes them all: the next call starts afresh.
     */
    private void reportError(String name) {
        TreeMap<String, Path> errors = new TreeMap<>(ReadyFiles.ORDER);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(spool.pushDir(), "*.error")) {
            for (Path p : ds) {
                Spool.walOf(p, false).ifPresent(w -> errors.put(w, p));
            }
        } catch (IOException e) {
            return;
        }
        if (errors.isEmpty()) {
            return;
        }
        String wal = errors.containsKey(name) ? name : errors.firstKey();
        Optional<ErrorRecord> record = ErrorRecord.read(wal, errors.get(wal));
        errors.values().forEach(p -> {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // left for the next call to report again; the worker stays paused meanwhile
            }
        });
        if (record.isEmpty()) {
            return;
        }
        String message = wal.equals(name) ? record.get().message()
                : "archiving " + wal + " failed, and " + name + " waits behind it: " + record.get().message();
        throw PgKeeperException.failed(message, record.get().hint().map(h -> h + "; ").orElse("")
                + "PostgreSQL keeps the file and retries, and the worker tries again");
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PgKeeperException.failed("interrupted while waiting for the archive worker", "PostgreSQL retries");
        }
    }
}
