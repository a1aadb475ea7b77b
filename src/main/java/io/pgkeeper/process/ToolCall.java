package io.pgkeeper.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of an external binary. A timeout is mandatory: a hung tool must never hang a cron job.
 *
 * @param tool short name for messages and logs, e.g. {@code pg_dump}
 * @param argv the full argv, {@code argv.get(0)} an absolute path; never holds a secret
 * @param env variables added to the inherited environment; may hold secrets (never logged)
 * @param runAs when present and pgkeeper runs as root, the call runs as this OS user
 * @param quietStderr stderr is kept for the error message but logged at debug only: for a call
 *     that runs beside another which reports the same errors (pg_dump's schema-only twin)
 */
public record ToolCall(
        String tool,
        List<String> argv,
        Map<String, String> env,
        Optional<Path> workDir,
        Duration timeout,
        Stdout stdout,
        Optional<Path> stdin,
        Optional<String> runAs,
        boolean quietStderr) {

    public ToolCall {
        Objects.requireNonNull(tool, "tool");
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        Objects.requireNonNull(timeout, "a tool call needs a timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty argv");
        }
    }

    public static ToolCall of(String tool, List<String> argv, Map<String, String> env, Duration timeout) {
        return new ToolCall(tool, argv, env, Optional.empty(), timeout, Stdout.discard(), Optional.empty(), Optional.empty(), false);
    }

    public ToolCall withStdout(Stdout out) {
        return new ToolCall(tool, argv, env, workDir, timeout, out, stdin, runAs, quietStderr);
    }

    public ToolCall withStdin(Path file) {
        return new ToolCall(tool, argv, env, workDir, timeout, stdout, Optional.of(file), runAs, quietStderr);
    }

    public ToolCall withWorkDir(Path dir) {
        return new ToolCall(tool, argv, env, Optional.of(dir), timeout, stdout, stdin, runAs, quietStderr);
    }

    public ToolCall runningAs(Optional<String> user) {
        return new ToolCall(tool, argv, env, workDir, timeout, stdout, stdin, user, quietStderr);
    }

    public ToolCall withQuietStderr() {
        return new ToolCall(tool, argv, env, workDir, timeout, stdout, stdin, runAs, true);
    }

    /** The argv as it may be shown to people: conninfo passwords replaced. */
    public List<String> redactedArgv() {
        return Redactor.redact(argv);
    }

    /** Where the child's standard output goes. */
    public sealed interface Stdout {
        static Stdout discard() {
            return new Discard();
        }

        static Stdout capture() {
            return new Capture();
        }

        static Stdout toFile(Path file) {
            return new ToFile(file);
        }

        /** @param target where the stream goes, for messages and dry runs (a path, a URL) */
        static Stdout toStream(java.io.OutputStream sink, String target) {
            return new ToStream(sink, target);
        }

        record Discard() implements Stdout {}

        record Capture() implements Stdout {}

        /** The file is created 0600 before the child starts, then truncated by it. */
        record ToFile(Path file) implements Stdout {}

        /**
         * Every byte the child writes is passed to {@code sink} as it arrives, on a thread of its
         * own; the runner neither closes nor commits it. When the sink fails, the child is killed
         * and the run throws the sink's failure (an {@link java.io.IOException} as an
         * {@link java.io.UncheckedIOException}).
         */
        record ToStream(java.io.OutputStream sink, String target) implements Stdout {
            public ToStream {
                Objects.requireNonNull(sink, "sink");
                Objects.requireNonNull(target, "target");
            }
        }
    }
}
