package io.pgkeeper.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Remembers calls and answers them from a script; serves unit tests of argv construction. */
public final class RecordingProcessRunner implements ProcessRunner {
    private final List<ToolCall> calls = new ArrayList<>();
    private final Function<ToolCall, ToolResult> answer;

    public RecordingProcessRunner() {
        this(call -> new ToolResult(call.tool(), 0, false, "", List.of(), Duration.ZERO));
    }

    public RecordingProcessRunner(Function<ToolCall, ToolResult> answer) {
        this.answer = answer;
    }

    @Override
    public synchronized ToolResult run(ToolCall call) {
        calls.add(call);
        return answer.apply(call);
    }

    public synchronized List<ToolCall> calls() {
        return List.copyOf(calls);
    }
}
