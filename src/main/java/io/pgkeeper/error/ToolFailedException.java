package io.pgkeeper.error;

import java.util.List;

/** An external tool exited non-zero or was killed; carries what the user needs to diagnose it. */
public class ToolFailedException extends PgKeeperException {
    private static final long serialVersionUID = 1L;

    private final String tool;
    private final int toolExitCode;
    private final List<String> stderrTail;

    public ToolFailedException(String message, String hint, String tool, int toolExitCode, List<String> stderrTail) {
        super(ExitCode.FAILED, message, hint);
        this.tool = tool;
        this.toolExitCode = toolExitCode;
        this.stderrTail = List.copyOf(stderrTail);
    }

    public String tool() {
        return tool;
    }

    public int toolExitCode() {
        return toolExitCode;
    }

    public List<String> stderrTail() {
        return stderrTail;
    }
}
