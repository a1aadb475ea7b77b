package io.pgkeeper.restore;

import io.pgkeeper.recovery.PidFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Removes a restore's sandbox when pgkeeper is stopped (SIGTERM, Ctrl-C) while the sandbox
 * exists: its server is a daemon of its own, which nothing else would stop, and its directory
 * holds a copy of production data. A SIGKILL leaves both; the directory's name
 * ({@code restore-*} under {@code verify.sandbox.baseDir}) says where they are.
 */
final class SandboxGuard implements AutoCloseable {
    private static final Duration STOP_WAIT = Duration.ofSeconds(20);

    private final Thread hook;

    private SandboxGuard(Thread hook) {
        this.hook = hook;
    }

    static SandboxGuard of(Path sandboxDir) {
        Thread hook = new Thread(() -> teardown(sandboxDir), "pgkeeper-sandbox-teardown");
        Runtime.getRuntime().addShutdownHook(hook);
        return new SandboxGuard(hook);
    }

    /**
     * Stops the sandbox's server and removes its directory. The postmaster's smart shutdown
     * (SIGTERM) ends a recovery with no sessions; a server that will not stop is killed. Only a
     * process that is the postmaster of this very data directory is signalled: a pid in a stale
     * postmaster.pid may have been reused by anything.
     */
    static void teardown(Path dir) {
        Path data = dir.resolve("data");
        PidFile.read(data).flatMap(p -> ProcessHandle.of(p.pid())).filter(h -> isPostmasterOf(h, data)).ifPresent(postmaster -> {
            postmaster.destroy();
            // elapsed time, not the run's clock: this runs in a shutdown hook or a sweep, and only bounds a wait
            long deadline = System.nanoTime() + STOP_WAIT.toNanos();
            while (postmaster.isAlive() && System.nanoTime() - deadline < 0) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            postmaster.destroyForcibly();
        });
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // the JVM is going down, or a sweep found the directory going: the directory's name says what it is
        }
    }

    /** pg_ctl starts the postmaster as {@code postgres -D <data>}; /proc shows its command line to every user. */
    private static boolean isPostmasterOf(ProcessHandle h, Path data) {
        try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(h.pid()), "cmdline")).replace('\0', ' ');
            return cmdline.contains(" " + data + " ") || cmdline.endsWith(" " + data) || cmdline.contains("-D " + data);
        } catch (IOException | RuntimeException gone) {
            // no /proc entry: the process is gone, or this is no Linux; then the pid alone is the evidence, as pg_ctl stop trusts it
            return h.info().command().map(c -> c.endsWith("postgres")).orElse(false);
        }
    }

    /** The run ends normally: the service removes the sandbox itself. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already going down and the hook is running or about to: it removes the sandbox
        }
    }
}
