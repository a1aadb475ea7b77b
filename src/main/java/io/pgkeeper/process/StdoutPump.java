package io.pgkeeper.process;

import io.pgkeeper.error.PgKeeperException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * Copies a child's stdout into a {@link ToolCall.Stdout.ToStream} sink on its own thread, so that
 * a slow sink (an upload) slows the child through the pipe instead of buffering it here, and the
 * runner's timeout still applies. A failing sink kills the child at once: a pg_dump whose upload
 * failed must not run on for an hour into a pipe nobody reads.
 */
final class StdoutPump extends Thread {
    private final String tool;
    private final InputStream in;
    private final OutputStream sink;
    private final Process process;
    private volatile Throwable failure;

    StdoutPump(String tool, Process process, OutputStream sink) {
        super("stdout-" + tool);
        this.tool = tool;
        this.in = process.getInputStream();
        this.sink = sink;
        this.process = process;
        setDaemon(true);
    }

    @Override
    public void run() {
        byte[] buffer = new byte[1 << 16];
        try (in) {
            int n;
            while ((n = read(buffer)) >= 0) {
                if (n > 0) {
                    sink.write(buffer, 0, n);
                }
            }
            sink.flush();
        } catch (Throwable e) {
            failure = e;
            SystemProcessRunner.killTree(process);
        }
    }

    private int read(byte[] buffer) {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the output of " + tool + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until every byte the child wrote reached the sink (the child has ended: the pipe ends
     * soon), then throws the sink's failure if there was one.
     *
     * @param bound how long the sink may still take with what the child wrote before it ended
     */
    void finish(Duration bound) {
        try {
            join(bound.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PgKeeperException.failed("interrupted while " + tool + "'s output was still being written", null);
        }
        if (isAlive()) {
            throw PgKeeperException.failed(tool + " ended, but its output was still being written after " + bound,
                    "the destination (repository) is too slow or hangs; check it and retry");
        }
        Throwable f = failure;
        if (f instanceof IOException io) {
            throw new UncheckedIOException(io);
        }
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error err) {
            throw err;
        }
    }

    boolean failed() {
        return failure != null;
    }
}
