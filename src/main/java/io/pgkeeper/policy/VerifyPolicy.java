package io.pgkeeper.policy;

import java.util.List;

/**
 * @param rowCountTolerance allowed relative difference between a restored table's row count and
 *     the planner estimate recorded at backup time (estimate mode only), e.g. 0.1 for 10%
 */
public record VerifyPolicy(SandboxPolicy sandbox, List<CheckPolicy> checks, double rowCountTolerance) {

    public VerifyPolicy {
        checks = List.copyOf(checks);
    }

    public static VerifyPolicy defaults() {
        return new VerifyPolicy(SandboxPolicy.defaults(), List.of(), VerifyKeys.ROW_COUNT_TOLERANCE.defaultValue());
    }
}
