package io.pgkeeper.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A backup can only recover forward from its own end. */
class TargetFitTest {
    private static final Instant B1 = Instant.parse("2026-11-21T03:00:00Z");
    private static final Instant B2 = Instant.parse("2026-11-21T15:00:00Z");

    private static RecoveryTarget time(String t) {
        return RecoveryTarget.of(Optional.of(t), Optional.empty(), Optional.empty(), Optional.empty(), false, RecoveryTarget.Action.PROMOTE, Optional.empty());
    }

    private static RecoveryTarget lsn(String l) {
        return RecoveryTarget.of(Optional.empty(), Optional.of(l), Optional.empty(), Optional.empty(), false, RecoveryTarget.Action.PROMOTE, Optional.empty());
    }

    @Test
    void aNamedBackupThatFinishedAfterTheTargetIsRefusedNamingWhenItFinished() {
        PgKeeperException e = assertThrows(PgKeeperException.class, () -> TargetFit.requireBefore("B2", B2, Optional.of("0/9000000"),
                time("2026-11-21T12:00:00Z")));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("finished at 2026-11-21T15:00:00Z, after the target time 2026-11-21T12:00:00Z"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was changed"));
        PgKeeperException l = assertThrows(PgKeeperException.class, () -> TargetFit.requireBefore("B2", B2, Optional.of("0/9000000"), lsn("0/8000000")));
        assertTrue(l.getMessage().contains("ends at WAL location 0/9000000, after the target LSN 0/8000000"), l.getMessage());
        TargetFit.requireBefore("B1", B1, Optional.of("0/3000000"), time("2026-11-21T12:00:00+01:00"));
        TargetFit.requireBefore("B1", B1, Optional.of("0/3000000"), RecoveryTarget.none());
    }

    @Test
    void withoutANameTheNewestBackupBeforeTheTargetIsChosen() {
        List<TargetFit.Candidate<String>> all = List.of(new TargetFit.Candidate<>("b1", "b1", B1, Optional.of("0/3000000")),
                new TargetFit.Candidate<>("b2", "b2", B2, Optional.of("0/9000000")));
        assertEquals("b1", TargetFit.choose(all, time("2026-11-21T12:00:00Z"), "main").backup());
        assertEquals("b2", TargetFit.choose(all, time("2026-11-21T16:00:00Z"), "main").backup());
        assertEquals("b1", TargetFit.choose(all, lsn("0/5000000"), "main").backup());
        assertEquals("b2", TargetFit.choose(all, RecoveryTarget.none(), "main").backup());
        assertEquals(ExitCode.USAGE, assertThrows(PgKeeperException.class, () -> TargetFit.choose(all, time("2026-11-21T01:00:00Z"), "main")).exitCode());
    }
}
