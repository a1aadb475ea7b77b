package io.pgkeeper.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ToolCall.Stdout.ToStream} with real child processes: every byte arrives, a failing sink kills the child. */
class SystemProcessRunnerStreamTest {
    private final SystemProcessRunner runner = new SystemProcessRunner(false);

    private static ToolCall sh(String script, Duration timeout, OutputStream sink) {
        return ToolCall.of("sh", List.of("/bin/sh", "-c", script), Map.of(), timeout).withStdout(ToolCall.Stdout.toStream(sink, "test sink"));
    }

    @Test
    void everyByteReachesTheSinkInOrder(@TempDir Path tmp) throws Exception {
        Path copy = tmp.resolve("copy");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ToolResult r = runner.run(sh("head -c 5000000 /dev/urandom | tee " + copy, Duration.ofSeconds(60), sink));
        assertTrue(r.ok(), r::toString);
        assertEquals("", r.stdout());
        byte[] expected = Files.readAllBytes(copy);
        assertEquals(5_000_000, expected.length);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(expected), MessageDigest.getInstance("SHA-256").digest(sink.toByteArray()));
    }

    @Test
    void aSinkThatThrowsKillsTheChildAndIsTheRunsError(@TempDir Path tmp) throws Exception {
        Path pid = tmp.resolve("pid");
        AtomicLong seen = new AtomicLong();
        IOException full = new IOException("No space left on device");
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (seen.addAndGet(len) > 1_000_000) {
                    throw full;
                }
            }
        };
        // without the kill, this child would write for the whole timeout (an hour)
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> runner.run(sh("echo $$ > " + pid + "; exec cat /dev/urandom", Duration.ofHours(1), failing)));
        assertSame(full, e.getCause());
        long child = Long.parseLong(Files.readString(pid).trim());
        Optional<ProcessHandle> h = ProcessHandle.of(child);
        if (h.isPresent()) {
            h.get().onExit().get(); // destroyForcibly is asynchronous: wait for the reaping, never assert on time
        }
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the child outlived its failed sink");
    }

    @Test
    void aRuntimeFailureOfTheSinkPassesUnchanged() {
        IllegalStateException boom = new IllegalStateException("upload failed: 503");
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) {
                throw boom;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                throw boom;
            }
        };
        assertSame(boom, assertThrows(IllegalStateException.class,
                () -> runner.run(sh("head -c 100000 /dev/urandom", Duration.ofSeconds(60), failing))));
    }

    @Test
    void aChildThatFailsAfterWritingIsAResultWithWhatItWrote() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ToolResult r = runner.run(sh("head -c 300000 /dev/urandom; echo 'pg_dump: error: connection lost' >&2; exit 1",
                Duration.ofSeconds(60), sink));
        assertEquals(1, r.exitCode());
        assertFalse(r.ok());
        assertEquals(300_000, sink.size());
        assertEquals(List.of("pg_dump: error: connection lost"), r.stderrTail());
    }

    @Test
    void theTimeoutStillKillsAStreamingChild() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ToolResult r = runner.run(sh("head -c 1000 /dev/urandom; exec sleep 100", Duration.ofSeconds(1), sink));
        assertTrue(r.timedOut(), r::toString);
        assertEquals(1000, sink.size());
    }

    @Test
    void aDryRunWritesNothingToTheSinkAndSaysWhereTheOutputWouldGo() {
        StringWriter printed = new StringWriter();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ToolResult r = new DryRunProcessRunner(new PrintWriter(printed), runner).run(
                ToolCall.of("pg_dump", List.of("/usr/bin/pg_dump", "--format=c", "--dbname=dbname='app'"), Map.of(), Duration.ofSeconds(5))
                        .withStdout(ToolCall.Stdout.toStream(sink, "s3://b/main/logical/x/app.dump")));
        assertTrue(r.ok());
        assertEquals(0, sink.size());
        assertTrue(printed.toString().contains("(output streamed to s3://b/main/logical/x/app.dump)"), printed::toString);
    }
}
