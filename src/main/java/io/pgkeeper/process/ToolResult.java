package io.pgkeeper.process;

import io.pgkeeper.error.ToolFailedException;
import java.time.Duration;
import java.util.List;

/** How a tool call ended. {@code stdout} is empty unless the call captured it. */
public record ToolResult(String tool, int exitCode, boolean timedOut, String stdout, List<String> stderrTail, Duration elapsed) {

    public ToolResult {
        stderrTail = List.copyOf(stderrTail);
    }

    public boolean ok() {
        return exitCode == 0 && !timedOut;
    }

    /**
     * Returns this result when the tool succeeded; otherwise fails with the message, the tool's
     * exit code and the tail of its stderr.
     */
    public ToolResult orThrow(String what, String hint) {
        if (ok()) {
            return this;
        }
        StringBuilder message = new StringBuilder(what);
        if (timedOut) {
            message.append(": ").append(tool).append(" timed out after ").append(io.pgkeeper.util.Durations.format(elapsed));
        } else {
            message.append(": ").append(tool).append(" exited with ").append(exitCode);
        }
        if (!stderrTail.isEmpty()) {
            message.append(System.lineSeparator());
            for (String line : stderrTail) {
                message.append("  ").append(tool).append(": ").append(stripToolPrefix(line)).append(System.lineSeparator());
            }
        }
        throw new ToolFailedException(message.toString().stripTrailing(), hint, tool, exitCode, stderrTail);
    }

    private String stripToolPrefix(String line) {
        String prefix = tool + ": ";
        return line.startsWith(prefix) ? line.substring(prefix.length()) : line;
    }
}
