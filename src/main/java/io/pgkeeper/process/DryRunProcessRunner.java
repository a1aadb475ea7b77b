package io.pgkeeper.process;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** Prints each call, secrets redacted, and runs none: what {@code --dry-run} uses. */
public final class DryRunProcessRunner implements ProcessRunner {
    private final PrintWriter out;

    public DryRunProcessRunner(PrintWriter out) {
        this.out = out;
    }

    @Override
    public ToolResult run(ToolCall call) {
        out.println("would run: " + ShellQuote.join(call.redactedArgv()) + call.runAs().map(u -> "   (as " + u + ")").orElse(""));
        out.flush();
        return new ToolResult(call.tool(), 0, false, "", List.of(), Duration.ZERO);
    }

    @Override
    public boolean executes() {
        return false;
    }
}
