package io.pgkeeper.verify;

import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the steps of one verify in order, times them, and stops at the first one that fails.
 * Any failure that is not an explicit {@link StepFailure} means verify could not run (exit 1),
 * never that the backup is bad: only evidence may fail a backup.
 */
final class StepRecorder implements Pipeline {
    private static final Logger log = LoggerFactory.getLogger(StepRecorder.class);

    private final Clock clock;
    private final BooleanSupplier backupStillThere;
    private final String backupId;
    private final List<StepResult> steps = new ArrayList<>();
    private int exitCode;

    /** @param backupStillThere false once a concurrent prune removed the backup: then a failure proves nothing */
    StepRecorder(Clock clock, String backupId, BooleanSupplier backupStillThere) {
        this.clock = clock;
        this.backupId = backupId;
        this.backupStillThere = backupStillThere;
    }

    @Override
    public <T> Optional<T> step(String name, Supplier<Proved<T>> step) {
        if (exitCode != 0) {
            return Optional.empty();
        }
        Instant at = clock.instant();
        long t0 = System.nanoTime();
        ExitCode code;
        String message;
        T state = null;
        try {
            Proved<T> proved = step.get();
            message = proved.message();
            state = proved.state();
            code = ExitCode.OK;
        } catch (StepFailure f) {
            code = f.exitCode();
            message = f.getMessage();
        } catch (PgKeeperException e) {
            code = ExitCode.FAILED;
            message = e.getMessage() + e.hint().map(h -> "\nhint: " + h).orElse("");
        } catch (RuntimeException e) {
            log.debug("verify step {} failed", name, e);
            code = ExitCode.FAILED;
            message = "unexpected error: " + e;
        }
        if (code == ExitCode.VERIFICATION_FAILED && !backupStillThere.getAsBoolean()) {
            code = ExitCode.FAILED;
            message = "backup " + backupId + " was removed while verify was reading it (a prune running at the same time?);"
                    + " this proves nothing about the backup. Was: " + message;
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        steps.add(new StepResult(name, code == ExitCode.OK, at, ms, message, code.code()));
        exitCode = code.code();
        if (code == ExitCode.OK) {
            log.info("verify {}: {} passed: {}", backupId, name, message);
        } else {
            log.info("verify {}: {} failed", backupId, name);
        }
        return code == ExitCode.OK ? Optional.of(state) : Optional.empty();
    }

    List<StepResult> steps() {
        return List.copyOf(steps);
    }

    int exitCode() {
        return exitCode;
    }

    /** The message of the failed step, or empty when all passed. */
    String failure() {
        return steps.stream().filter(s -> !s.ok()).map(s -> s.name() + ": " + s.message()).findFirst().orElse("");
    }
}
