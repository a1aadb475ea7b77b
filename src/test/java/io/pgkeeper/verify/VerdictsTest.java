package io.pgkeeper.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgkeeper.error.ExitCode;
import io.pgkeeper.recovery.LogFacts;
import io.pgkeeper.recovery.RecoveryFailures;
import io.pgkeeper.recovery.RecoveryOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Only the backup's own WAL failing before consistency proves a backup bad; every other failed wait means verify could not run. */
class VerdictsTest {
    private static final RecoveryFailures.Copy COPY = new RecoveryFailures.Copy("the verify sandbox", 5999, Path.of("/s/data"), Optional.empty(), "stop");

    private static ExitCode verdict(RecoveryOutcome.State state, String... log) {
        RecoveryOutcome o = new RecoveryOutcome(state, null, LogFacts.of(List.of(log)), "/s/server.log", Duration.ofSeconds(3), "detail");
        return Verdicts.recovery(o, COPY).exitCode();
    }

    @Test
    void theBackupsOwnWalNotReplayingIsABadBackup() {
        assertEquals(ExitCode.VERIFICATION_FAILED, verdict(RecoveryOutcome.State.EXITED, "LOG:  redo starts at 0/2000028",
                "FATAL:  WAL ends before end of online backup"));
        assertEquals(ExitCode.VERIFICATION_FAILED, verdict(RecoveryOutcome.State.EXITED, "PANIC:  could not locate a valid checkpoint record"));
    }

    @Test
    void everythingElseIsCouldNotRun() {
        assertEquals(ExitCode.FAILED, verdict(RecoveryOutcome.State.TARGET_NOT_REACHED, "LOG:  consistent recovery state reached at 0/2000100",
                "FATAL:  recovery ended before configured recovery target was reached"));
        assertEquals(ExitCode.FAILED, verdict(RecoveryOutcome.State.EXITED, "FATAL:  could not map anonymous shared memory: Cannot allocate memory"));
        assertEquals(ExitCode.FAILED, verdict(RecoveryOutcome.State.EXITED, "FATAL:  could not access file \"timescaledb\": No such file or directory"));
        // after consistency, a damaged segment of the archive says nothing about the backup itself
        assertEquals(ExitCode.FAILED, verdict(RecoveryOutcome.State.EXITED, "LOG:  consistent recovery state reached at 0/2000100",
                "FATAL:  invalid record length at 0/5000148"));
        assertEquals(ExitCode.FAILED, verdict(RecoveryOutcome.State.AUTH_FAILED));
        assertEquals(ExitCode.FAILED, verdict(RecoveryOutcome.State.TIMED_OUT));
    }
}
