package io.pgkeeper.process;

/**
 * The one way pgkeeper starts an external binary. Implementations: {@link SystemProcessRunner}
 * runs it, {@link DryRunProcessRunner} prints it, {@link RecordingProcessRunner} remembers it.
 */
public interface ProcessRunner {

    /** Runs the call to completion or timeout. A non-zero exit is a result, not an exception. */
    ToolResult run(ToolCall call);

    /** False for runners that only pretend; services then skip writes that depend on real output. */
    default boolean executes() {
        return true;
    }
}
