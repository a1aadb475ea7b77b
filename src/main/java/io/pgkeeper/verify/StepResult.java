package io.pgkeeper.verify;

import java.time.Instant;

/**
 * One step of a verify run (integrity, sandbox, restore, fingerprint, checks).
 *
 * @param exitCode 0 when it passed, 3 when it proved the backup bad, 1 when it could not run
 */
public record StepResult(String name, boolean ok, Instant startedAt, long durationMs, String message,
        @com.fasterxml.jackson.annotation.JsonIgnore int exitCode) {}
