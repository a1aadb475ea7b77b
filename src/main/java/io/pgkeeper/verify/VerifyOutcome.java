package io.pgkeeper.verify;

import io.pgkeeper.error.ExitCode;
import java.util.List;

/** The reports of one {@code pgkeeper verify}, one per backup verified. */
public record VerifyOutcome(List<VerifyReport> reports) {

    public VerifyOutcome {
        reports = List.copyOf(reports);
    }

    /** A proven-bad backup outranks one that could not be verified: that is what a pager must hear about. */
    public int exitCode() {
        if (reports.stream().anyMatch(r -> r.exitCode() == ExitCode.VERIFICATION_FAILED.code())) {
            return ExitCode.VERIFICATION_FAILED.code();
        }
        return reports.stream().mapToInt(VerifyReport::exitCode).max().orElse(0);
    }

    public boolean ok() {
        return exitCode() == 0;
    }
}
