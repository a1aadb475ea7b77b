package io.pgkeeper.process;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.util.OsIdentity;
import io.pgkeeper.util.SecureFiles;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tools for real. Stderr is logged line by line as it arrives and its tail kept for error
 * messages; on timeout the whole process tree is killed, and when the JVM is asked to stop
 * (Ctrl-C, SIGTERM) the process's one {@link ShutdownKill} hook kills every child, so no pg_dump
 * outlives the run that started it. The composition root creates one per process.
 */
public final class SystemProcessRunner implements ProcessRunner {
    private static final Logger log = LoggerFactory.getLogger(SystemProcessRunner.class);
    private static final String RUNUSER = "/usr/sbin/runuser";

    private final boolean root;

    /** @param os who pgkeeper runs as: as root, a call's {@code runAs} user runs it through runuser */
    public SystemProcessRunner(OsIdentity os) {
        this(os.root());
    }

    SystemProcessRunner(boolean root) {
        this.root = root;
    }

    @Override
    public ToolResult run(ToolCall call) {
        ShutdownKill.install();
        List<String> argv = effectiveArgv(call);
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(call.env());
        call.workDir().ifPresent(d -> pb.directory(d.toFile()));
        call.stdin().ifPresentOrElse(f -> pb.redirectInput(f.toFile()), () -> pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))));
        if (call.stdout() instanceof ToolCall.Stdout.ToFile f) {
            SecureFiles.createFile(f.file());
            pb.redirectOutput(ProcessBuilder.Redirect.to(f.file().toFile()));
        } else if (call.stdout() instanceof ToolCall.Stdout.Capture || call.stdout() instanceof ToolCall.Stdout.ToStream) {
            pb.redirectOutput(ProcessBuilder.Redirect.PIPE);
        } else {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        log.debug("running {}", String.join(" ", call.redactedArgv()));
        long started = System.nanoTime();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot run " + call.tool() + " (" + argv.get(0) + "): " + rootMessage(e),
                    "check that the binary exists and is executable, or set binDir in the policy");
        }
        StderrTail tail = new StderrTail();
        Thread stderrPump = pump(call.tool(), process.getErrorStream(), tail, call.quietStderr());
        CapturedOutput captured = call.stdout() instanceof ToolCall.Stdout.Capture ? capture(process.getInputStream()) : null;
        StdoutPump streaming = null;
        if (call.stdout() instanceof ToolCall.Stdout.ToStream s) {
            streaming = new StdoutPump(call.tool(), process, s.sink());
            streaming.start();
        }
        boolean finished = waitFor(process, call.timeout());
        if (!finished) {
            log.warn("{} did not finish within {}; killing it and its children", call.tool(), call.timeout());
            killTree(process);
            waitQuietly(process);
        }
        joinQuietly(stderrPump);
        if (streaming != null) {
            if (streaming.failed()) {
                log.debug("{} was killed: the destination of its output failed", call.tool());
            }
            streaming.finish(call.timeout()); // the sink's failure, when there was one, is the run's error
        }
        String out = captured == null ? "" : captured.text();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        return new ToolResult(call.tool(), finished ? process.exitValue() : -1, !finished, out, tail.snapshot(), elapsed);
    }

    private List<String> effectiveArgv(ToolCall call) {
        if (call.runAs().isEmpty() || !root || call.runAs().get().equals("root")) {
            return call.argv();
        }
        List<String> argv = new ArrayList<>();
        argv.add(RUNUSER);
        argv.add("-u");
        argv.add(call.runAs().get());
        argv.add("--");
        argv.addAll(call.argv());
        return argv;
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killTree(process);
            throw PgKeeperException.failed("interrupted while waiting for a child process", null);
        }
    }

    static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void waitQuietly(Process process) {
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread pump(String tool, InputStream stderr, StderrTail tail, boolean quiet) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String shown = Redactor.redact(line);
                    tail.add(shown);
                    StderrLevel.log(log, quiet ? StderrLevel.DEBUG : StderrLevel.of(shown), tool, shown);
                }
            } catch (IOException e) {
                log.debug("stderr of {} closed: {}", tool, e.getMessage());
            }
        }, "stderr-" + tool);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Reads stdout on its own thread so a child that fills the pipe cannot deadlock the timeout. */
    private static CapturedOutput capture(InputStream stdout) {
        CapturedOutput out = new CapturedOutput(stdout);
        out.start();
        return out;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static final class CapturedOutput extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private IOException failure;

        CapturedOutput(InputStream in) {
            super("stdout-capture");
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            try (in) {
                in.transferTo(buffer);
            } catch (IOException e) {
                failure = e;
            }
        }

        String text() {
            joinQuietly(this);
            if (failure != null) {
                throw new UncheckedIOException(failure);
            }
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }
}
