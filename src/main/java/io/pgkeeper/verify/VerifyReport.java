package io.pgkeeper.verify;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pgkeeper.repository.BackupKind;
import java.time.Instant;
import java.util.List;

/**
 * Everything one verify run found out about one backup: the JSON document of {@code --json},
 * the source of the JUnit XML and of the verify.log line.
 *
 * @param exitCode 0 passed, 3 the backup is proven bad, 1 verify could not run
 * @param sandbox present only when {@code --keep-sandbox} left the sandbox running
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerifyReport(
        String backupId,
        String cluster,
        BackupKind kind,
        Instant startedAt,
        long durationMs,
        boolean ok,
        int exitCode,
        String summary,
        List<StepResult> steps,
        List<CheckResult> checks,
        List<FingerprintMismatch> fingerprintMismatches,
        List<String> warnings,
        KeptSandbox sandbox) {

    public VerifyReport {
        steps = List.copyOf(steps);
        checks = List.copyOf(checks);
        fingerprintMismatches = List.copyOf(fingerprintMismatches);
        warnings = List.copyOf(warnings);
    }
}
