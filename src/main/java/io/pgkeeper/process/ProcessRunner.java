package io.pgkeeper.process;

/**
 * The one way pgkeeper starts an external binary. Implementations: {@link SystemProcessRunner}
 * runs it, {@link DryRunProcessRunner} prints it (tests have a recording runner that remembers it).
 */
public interface ProcessRunner {

    /** Runs the call to completion or timeout. A non-zero exit is a result, not an exception. */
    ToolResult run(ToolCall call);

    /** False for runners that only pretend; services then skip writes that depend on real output. */
    default boolean executes() {
        return true;
    }

    /**
     * The runner for calls that only read and must run also in a dry run (a version probe,
     * {@code pgbackrest info}: the plan must name the backup it would use). Itself, unless it pretends.
     */
    default ProcessRunner forReads() {
        return this;
    }
}
