package io.pgkeeper.spool;

import io.pgkeeper.util.OsIdentity;
import io.pgkeeper.util.SecureFiles;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Starts a worker, {@code pgkeeper archive worker push|get}, as a process of its own that
 * outlives the call that started it: {@code setsid} puts it in a new session, so the archiver
 * (which waits only for its archive_command) and signals to its process group leave it alone.
 * It runs this JVM's own java and class path (not {@code $PGKEEPER_LAUNCHER}, which may be
 * inherited from another installation), with this JVM's class-data-sharing archive and a small
 * heap: peak RSS stays far under 256 MiB. Run as root, it runs as the server's OS user, who owns the spool.
 *
 * <p>Not the ProcessRunner: that one runs a tool and waits for it, with a timeout and a process-tree
 * kill; a worker is neither waited for nor killed.
 */
final class WorkerStarter {
    static final long LOG_ROTATE_BYTES = 8L << 20;
    private static final List<String> HEAP = List.of("-XX:+UseSerialGC", "-Xms16m", "-Xmx64m", "-Xss512k",
            "-XX:ReservedCodeCacheSize=32m", "-XX:MaxMetaspaceSize=64m", "-XX:-UsePerfData");

    private final OsIdentity os;
    private final String serverUser;
    private final String mainClass;

    WorkerStarter(OsIdentity os, String serverUser, String mainClass) {
        this.os = os;
        this.serverUser = serverUser;
        this.mainClass = mainClass;
    }

    /** The worker's command line: {@code args} follow {@code pgkeeper}. Pure, for the tests. */
    List<String> argv(List<String> args) {
        return argv(args, false);
    }

    /** @param detached {@code setsid --fork}: the worker is no child of this process once the started one exits */
    List<String> argv(List<String> args, boolean detached) {
        List<String> argv = new ArrayList<>();
        if (os.root() && !serverUser.equals(os.name())) {
            argv.addAll(List.of("runuser", "-u", serverUser, "--"));
        }
        argv.add("setsid");
        if (detached) {
            argv.add("--fork");
        }
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(HEAP);
        ProcessHandle.current().info().arguments().ifPresent(a -> Arrays.stream(a)
                .filter(s -> s.startsWith("-XX:SharedArchiveFile=") || s.startsWith("-Xshare:") || s.startsWith("-Xlog:cds"))
                .forEach(argv::add));
        argv.add("-cp");
        argv.add(classPath());
        argv.add(mainClass);
        argv.addAll(args);
        return argv;
    }

    /** Starts it; its stderr (the log) goes to {@code log}, rotated once past 8 MiB. */
    Process start(List<String> args, Path log, Path workDir) {
        return start(args, log, workDir, false);
    }

    /**
     * Starts it detached, for a run that exits right after (restore): a process that ran an
     * external tool kills every descendant when it exits (process/ShutdownKill), and the worker
     * must outlive it. Returns once {@code setsid --fork} (and runuser) returned, the worker
     * then a child of init.
     */
    void startDetached(List<String> args, Path log, Path workDir) {
        Process p = start(args, log, workDir, true);
        try {
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("setsid did not start the worker (" + (p.isAlive() ? "still running" : "exit " + p.exitValue()) + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the worker", e);
        }
    }

    private Process start(List<String> args, Path log, Path workDir, boolean detached) {
        try {
            if (Files.exists(log) && Files.size(log) > LOG_ROTATE_BYTES) {
                Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
            if (!Files.exists(log)) {
                SecureFiles.createFile(log);
            }
            ProcessBuilder pb = new ProcessBuilder(argv(args, detached)).directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the archive worker", e);
        }
    }

    /** Absolute entries: the worker runs in the spool, not where this call runs. */
    private static String classPath() {
        List<String> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                out.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, out);
    }
}
