package io.pgkeeper.repository;

import io.pgkeeper.error.LockHeldException;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.util.Durations;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * An OS file lock ({@code FileChannel.tryLock}): the kernel drops it when the holder dies, so a
 * killed run never leaves a stale lock. The holder writes its pid and start time into the file
 * so that the run that is refused can say who holds it.
 */
public final class ClusterLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private ClusterLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock, waiting up to {@code wait} for another holder to finish ({@link Repository#lock}
     * is the usual way in).
     *
     * @param clock the run's clock: the deadline of the wait and the start time the holder records
     */
    public static ClusterLock acquire(Path lockDir, LockName name, String purpose, Duration wait, Clock clock, SecureFiles files) {
        files.mkdirs(lockDir, java.util.Optional.empty());
        Path file = lockDir.resolve(name.fileName());
        Instant deadline = clock.instant().plus(wait);
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Files.setPosixFilePermissions(file, SecureFiles.FILE);
            files.inheritOwnership(file);
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot open lock file " + file + ": " + e.getMessage(), "check the repository's permissions", e);
        }
        try {
            while (true) {
                FileLock l = tryLock(ch);
                if (l != null) {
                    String owner = "pid=" + ProcessHandle.current().pid() + " started=" + clock.instant() + " purpose=" + purpose + "\n";
                    ch.truncate(0);
                    ch.write(ByteBuffer.wrap(owner.getBytes(StandardCharsets.UTF_8)), 0);
                    ch.force(false);
                    return new ClusterLock(ch, l);
                }
                if (!clock.instant().isBefore(deadline)) {
                    String holder = Files.readString(file).trim();
                    ch.close();
                    throw new LockHeldException("another pgkeeper run holds the " + name.label() + " lock (" + file + "): "
                            + (holder.isEmpty() ? "holder unknown" : holder),
                            wait.isZero() ? "wait for it to finish, or pass --lock-wait DURATION (e.g. --lock-wait 30m) to queue"
                                    : "it was still held after " + Durations.format(wait) + "; pass a longer --lock-wait");
                }
                Thread.sleep(200);
            }
        } catch (IOException e) {
            closeQuietly(ch);
            throw PgKeeperException.failed("cannot lock " + file + ": " + e.getMessage(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(ch);
            throw PgKeeperException.failed("interrupted while waiting for the lock " + file, null);
        }
    }

    /** Null when held; a holder in this same JVM counts as held too, as it does for another process. */
    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return null;
        }
    }

    /** True when some live process holds the lock; used to leave a running attempt alone. */
    public static boolean isHeld(Path lockDir, LockName name) {
        Path file = lockDir.resolve(name.fileName());
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return true;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already failing
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the kernel releases it with the process anyway
        }
    }
}
