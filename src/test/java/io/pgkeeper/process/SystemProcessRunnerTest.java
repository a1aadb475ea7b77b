package io.pgkeeper.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.error.ToolFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemProcessRunnerTest {
    private final SystemProcessRunner runner = new SystemProcessRunner(false);

    private static ToolCall sh(String script, Duration timeout) {
        return ToolCall.of("sh", List.of("/bin/sh", "-c", script), Map.of(), timeout);
    }

    @Test
    void timeoutKillsTheWholeTree(@TempDir Path tmp) throws Exception {
        Path pids = tmp.resolve("pids");
        ToolResult r = runner.run(sh("sleep 100 & echo $! > " + pids + "; sleep 100 & echo $! >> " + pids + "; wait", Duration.ofSeconds(1)));
        assertTrue(r.timedOut(), r::toString);
        assertFalse(r.ok());
        List<Long> children = Files.readAllLines(pids).stream().map(Long::parseLong).toList();
        assertEquals(2, children.size());
        for (long pid : children) {
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isPresent()) {
                // destroyForcibly is asynchronous; wait for the kernel to reap it, never assert on time
                h.get().onExit().get();
            }
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "sleep " + pid + " survived the timeout");
        }
    }

    @Test
    void stderrTailIsKeptAndBounded() {
        ToolResult r = runner.run(sh("i=1; while [ $i -le 100 ]; do echo line$i >&2; i=$((i+1)); done; "
                + "head -c 5000 /dev/zero | tr '\\0' x >&2; echo >&2; exit 3", Duration.ofSeconds(30)));
        assertEquals(3, r.exitCode());
        assertFalse(r.timedOut());
        assertEquals(20, r.stderrTail().size());
        assertEquals("line82", r.stderrTail().get(0));
        assertEquals("line100", r.stderrTail().get(18));
        String longLine = r.stderrTail().get(19);
        assertTrue(longLine.length() < 2100 && longLine.startsWith("xxxx"), "long line truncated: " + longLine.length());
        ToolFailedException e = assertThrows(ToolFailedException.class, () -> r.orThrow("doing it failed", "fix it"));
        assertTrue(e.getMessage().startsWith("doing it failed: sh exited with 3"), e.getMessage());
        assertTrue(e.getMessage().contains("  sh: line100"), e.getMessage());
    }

    @Test
    void bigCapturedStdoutDoesNotDeadlock() {
        ToolResult r = runner.run(sh("head -c 3000000 /dev/zero | tr '\\0' a; head -c 300000 /dev/zero | tr '\\0' b >&2", Duration.ofSeconds(60))
                .withStdout(ToolCall.Stdout.capture()));
        assertTrue(r.ok(), r::toString);
        assertEquals(3_000_000, r.stdout().length());
    }

    @Test
    void stdoutToFileIsPrivateAndEnvReachesTheChild(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out.txt");
        ToolResult r = runner.run(ToolCall.of("sh", List.of("/bin/sh", "-c", "umask 000; printf %s \"$SECRET_FOR_TEST\""),
                Map.of("SECRET_FOR_TEST", "s3cret"), Duration.ofSeconds(10)).withStdout(ToolCall.Stdout.toFile(out)));
        assertTrue(r.ok(), r::toString);
        assertEquals("s3cret", Files.readString(out));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    }

    @Test
    void missingBinaryIsAClearFailure() {
        var e = assertThrows(io.pgkeeper.error.PgKeeperException.class,
                () -> runner.run(ToolCall.of("pg_nothing", List.of("/nonexistent/pg_nothing"), Map.of(), Duration.ofSeconds(5))));
        assertTrue(e.getMessage().contains("cannot run pg_nothing (/nonexistent/pg_nothing)"), e.getMessage());
    }
}
