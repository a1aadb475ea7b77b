package io.pgkeeper.verify;

import io.pgkeeper.error.ExitCode;

/** Ends a verify step: either the backup is proven bad, or the step could not run. */
public final class StepFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;

    private StepFailure(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public static StepFailure provenBad(String message) {
        return new StepFailure(ExitCode.VERIFICATION_FAILED, message);
    }

    public static StepFailure couldNotRun(String message) {
        return new StepFailure(ExitCode.FAILED, message);
    }

    ExitCode exitCode() {
        return exitCode;
    }
}
