package io.pgkeeper.process;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** Prints each call, secrets redacted, and runs none: what {@code --dry-run} uses. Reads still run, through the real runner. */
public final class DryRunProcessRunner implements ProcessRunner {
    private final PrintWriter out;
    private final ProcessRunner reads;

    /** @param reads the real runner, for the calls {@link #forReads()} is asked for */
    public DryRunProcessRunner(PrintWriter out, ProcessRunner reads) {
        this.out = out;
        this.reads = reads;
    }

    @Override
    public ToolResult run(ToolCall call) {
        String streamed = call.stdout() instanceof ToolCall.Stdout.ToStream s ? "   (output streamed to " + s.target() + ")" : "";
        out.println("would run: " + ShellQuote.join(call.redactedArgv()) + call.runAs().map(u -> "   (as " + u + ")").orElse("") + streamed);
        out.flush();
        return new ToolResult(call.tool(), 0, false, "", List.of(), Duration.ZERO);
    }

    @Override
    public boolean executes() {
        return false;
    }

    @Override
    public ProcessRunner forReads() {
        return reads;
    }
}
