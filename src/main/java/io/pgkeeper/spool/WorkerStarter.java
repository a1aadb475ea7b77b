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
        List<String> argv = new ArrayList<>();
        if (os.root() && !serverUser.equals(os.name())) {
            argv.addAll(List.of("runuser", "-u", serverUser, "--"));
        }
        argv.add("setsid");
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
        try {
            if (Files.exists(log) && Files.size(log) > LOG_ROTATE_BYTES) {
                Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
            if (!Files.exists(log)) {
                SecureFiles.createFile(log);
            }
            ProcessBuilder pb = new ProcessBuilder(argv(args)).directory(workDir.toFile())
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
