package io.pgkeeper.spool;

import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One worker per queue: a POSIX lock on {@code worker.lock}, held for the worker's whole life and
 * released by the kernel when it dies, even by {@code kill -9}; beside it {@code worker.pid}, which
 * the launcher's shell check and {@code status} read to tell whether a worker runs.
 */
final class WorkerLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;
    private final Path pidFile;

    private WorkerLock(FileChannel channel, FileLock lock, Path pidFile) {
        this.channel = channel;
        this.lock = lock;
        this.pidFile = pidFile;
    }

    /** The lock, or empty when another process holds it. */
    static Optional<WorkerLock> tryAcquire(Path lockFile, Path pidFile) {
        FileChannel ch = null;
        try {
            if (!Files.exists(lockFile)) {
                SecureFiles.createFile(lockFile);
            }
            ch = FileChannel.open(lockFile, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                return Optional.empty();
            }
            if (pidFile != null) {
                SecureFiles.writeAtomically(pidFile, (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            return Optional.of(new WorkerLock(ch, l, pidFile));
        } catch (OverlappingFileLockException e) {
            closeQuietly(ch);
            return Optional.empty();
        } catch (IOException | UncheckedIOException e) {
            closeQuietly(ch);
            throw new UncheckedIOException("cannot lock " + lockFile, e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
    }

    /** Whether a live process holds the lock now. */
    static boolean held(Path lockFile) {
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            // cannot even open it: no worker of ours can hold it either
            return false;
        }
    }

    /** The pid in {@code worker.pid} when that process is alive (a stale file names a dead one). */
    static Optional<Long> livePid(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            if (pidFile != null) {
                Files.deleteIfExists(pidFile);
            }
            lock.release();
        } catch (IOException e) {
            // the kernel releases the lock when the channel closes below, or when the process exits
        } finally {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) {
            return;
        }
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing a lock file's channel only releases the lock, which is what we want anyway
        }
    }
}
