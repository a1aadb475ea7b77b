package io.pgkeeper.error;

/** The process exit codes pgkeeper promises to scripts. The numbers are a public contract. */
public enum ExitCode {
    OK(0),
    FAILED(1),
    USAGE(2),
    VERIFICATION_FAILED(3),
    LOCKED(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
