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

/** Recovery settings are a pure function of the target: every line is checked here. */
class RecoverySettingsTest {
    private static final String GET = "pgkeeper archive get --policy /etc/pgkeeper/p.yaml --cluster main %f %p";

    private static RecoveryTarget target(String time, String lsn, String xid, String name, boolean immediate, RecoveryTarget.Action action,
            String timeline) {
        return RecoveryTarget.of(Optional.ofNullable(time), Optional.ofNullable(lsn), Optional.ofNullable(xid), Optional.ofNullable(name),
                immediate, action, Optional.ofNullable(timeline));
    }

    private static final List<String> EMPTY_COMMANDS = List.of("archive_cleanup_command = ''", "recovery_end_command = ''",
            "recovery_min_apply_delay = 0");

    @Test
    void noTargetReplaysEverythingAndEmptiesEveryTargetTheBackupMightCarry() {
        List<String> expected = new java.util.ArrayList<>(List.of("restore_command = '" + GET + "'", "recovery_target = ''",
                "recovery_target_lsn = ''", "recovery_target_name = ''", "recovery_target_time = ''", "recovery_target_xid = ''",
                "recovery_target_inclusive = on", "recovery_target_action = 'promote'", "recovery_target_timeline = 'latest'"));
        expected.addAll(EMPTY_COMMANDS);
        assertEquals(expected, RecoverySettings.lines(GET, RecoveryTarget.none()));
    }

    @Test
    void timeIsWrittenInUtcWithMicrosecondsAfterTheOtherTargetsAreEmptied() {
        RecoveryTarget t = target("2026-11-21 15:30:00.123456+01:00", null, null, null, false, RecoveryTarget.Action.PROMOTE, null);
        assertEquals(Instant.parse("2026-11-21T14:30:00.123456Z"), t.time().orElseThrow());
        List<String> expected = new java.util.ArrayList<>(List.of("restore_command = '" + GET + "'", "recovery_target = ''",
                "recovery_target_lsn = ''", "recovery_target_name = ''", "recovery_target_xid = ''",
                "recovery_target_time = '2026-11-21 14:30:00.123456+00'", "recovery_target_inclusive = on",
                "recovery_target_action = 'promote'", "recovery_target_timeline = 'latest'"));
        expected.addAll(EMPTY_COMMANDS);
        assertEquals(expected, RecoverySettings.lines(GET, t));
    }

    @Test
    void aStandbyGetsItsPrimaryAndNoTarget() {
        List<String> s = RecoverySettings.standby(GET, "host=db1 port=5432 user=replicator");
        assertTrue(s.containsAll(List.of("primary_conninfo = 'host=db1 port=5432 user=replicator'", "primary_slot_name = ''",
                "recovery_target_time = ''", "recovery_target_timeline = 'latest'")), s::toString);
        assertTrue(s.stream().noneMatch(l -> l.startsWith("recovery_target_action")), s::toString);
    }

    @Test
    void eachTargetKindActionAndTimeline() {
        assertTrue(RecoverySettings.lines(GET, target(null, "0/3000060", null, null, false, RecoveryTarget.Action.PAUSE, "latest"))
                .containsAll(List.of("recovery_target_lsn = '0/3000060'", "recovery_target_action = 'pause'", "recovery_target_timeline = 'latest'")));
        assertTrue(RecoverySettings.lines(GET, target(null, null, "1234", null, false, RecoveryTarget.Action.SHUTDOWN, "2"))
                .containsAll(List.of("recovery_target_xid = '1234'", "recovery_target_action = 'shutdown'", "recovery_target_timeline = '2'")));
        assertTrue(RecoverySettings.lines(GET, target(null, null, null, null, true, RecoveryTarget.Action.PROMOTE, null))
                .contains("recovery_target = 'immediate'"));
    }

    @Test
    void quotesAreDoubledSoANameCannotEndTheSetting() {
        List<String> lines = RecoverySettings.lines("cp '/x' %p", target(null, null, null, "it's; done", false, RecoveryTarget.Action.PROMOTE, null));
        assertTrue(lines.contains("restore_command = 'cp ''/x'' %p'"), lines::toString);
        assertTrue(lines.contains("recovery_target_name = 'it''s; done'"), lines::toString);
    }

    @Test
    void badTargetsAreUsageErrorsBeforeAnythingIsWritten() {
        for (Runnable bad : List.<Runnable>of(
                () -> target("2026-11-21T00:00:00Z", "0/1", null, null, false, RecoveryTarget.Action.PROMOTE, null),
                () -> target(null, null, null, "x", true, RecoveryTarget.Action.PROMOTE, null),
                () -> target(null, "not-an-lsn", null, null, false, RecoveryTarget.Action.PROMOTE, null),
                () -> target(null, null, "12a", null, false, RecoveryTarget.Action.PROMOTE, null),
                () -> target("yesterday", null, null, null, false, RecoveryTarget.Action.PROMOTE, null),
                () -> target(null, null, null, null, true, RecoveryTarget.Action.PROMOTE, "newest"))) {
            PgKeeperException e = assertThrows(PgKeeperException.class, bad::run);
            assertEquals(ExitCode.USAGE, e.exitCode(), e.getMessage());
        }
    }
}
