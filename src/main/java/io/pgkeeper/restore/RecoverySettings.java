package io.pgkeeper.restore;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The postgresql.auto.conf lines that make a restored data directory recover to a target; pure.
 *
 * <p>Every recovery target setting is written: the chosen one with its value, the others empty.
 * postgresql.auto.conf is read after postgresql.conf and only the last value of a setting counts,
 * so a stale target in the backup's postgresql.conf can neither stop recovery early nor make
 * PostgreSQL refuse to start with "multiple recovery targets specified". The empty values come
 * first because PostgreSQL refuses a second target while one is set. The commands a standby's
 * configuration may carry for its own archive are emptied too: archive_cleanup_command runs at
 * every restartpoint of an archive recovery and would delete the source's WAL.
 */
public final class RecoverySettings {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSx").withZone(ZoneOffset.UTC);
    private static final List<String> TARGETS = List.of("recovery_target", "recovery_target_lsn", "recovery_target_name",
            "recovery_target_time", "recovery_target_xid");

    private RecoverySettings() {}

    public static List<String> lines(String restoreCommand, RecoveryTarget target) {
        List<String> out = new ArrayList<>();
        out.add("restore_command = " + quote(restoreCommand));
        String chosen = chosenSetting(target);
        for (String s : TARGETS) {
            if (!s.equals(chosen)) {
                out.add(s + " = ''");
            }
        }
        target.time().ifPresent(t -> out.add("recovery_target_time = " + quote(TIME.format(t))));
        target.lsn().ifPresent(l -> out.add("recovery_target_lsn = " + quote(l)));
        target.xid().ifPresent(x -> out.add("recovery_target_xid = " + quote(x)));
        target.name().ifPresent(n -> out.add("recovery_target_name = " + quote(n)));
        if (target.immediate()) {
            out.add("recovery_target = 'immediate'");
        }
        out.add("recovery_target_inclusive = on");
        out.add("recovery_target_action = " + quote(target.isSet() ? target.action().name().toLowerCase(Locale.ROOT) : "promote"));
        out.add("recovery_target_timeline = " + quote(target.timeline().orElse("latest")));
        out.addAll(noStandbyCommands());
        return out;
    }

    /** A replica: it replays the archive and then streams from the primary, and never promotes by itself. */
    public static List<String> standby(String restoreCommand, String primaryConninfo) {
        List<String> out = new ArrayList<>();
        out.add("restore_command = " + quote(restoreCommand));
        out.add("primary_conninfo = " + quote(primaryConninfo));
        out.add("primary_slot_name = ''");
        TARGETS.forEach(s -> out.add(s + " = ''"));
        out.add("recovery_target_timeline = 'latest'");
        out.addAll(noStandbyCommands());
        return out;
    }

    /**
     * Around recovery settings another tool wrote (pgbackrest restore): empty values first for
     * every target setting it did not write, and the standby commands emptied after.
     */
    public static List<String> around(List<String> written) {
        List<String> out = new ArrayList<>();
        for (String s : TARGETS) {
            if (written.stream().noneMatch(l -> l.startsWith(s + " ") || l.startsWith(s + "="))) {
                out.add(s + " = ''");
            }
        }
        out.addAll(written);
        out.addAll(noStandbyCommands());
        return out;
    }

    private static List<String> noStandbyCommands() {
        return List.of("archive_cleanup_command = ''", "recovery_end_command = ''", "recovery_min_apply_delay = 0");
    }

    private static String chosenSetting(RecoveryTarget t) {
        if (t.time().isPresent()) return "recovery_target_time";
        if (t.lsn().isPresent()) return "recovery_target_lsn";
        if (t.xid().isPresent()) return "recovery_target_xid";
        if (t.name().isPresent()) return "recovery_target_name";
        if (t.immediate()) return "recovery_target";
        return "";
    }

    /** A postgresql.conf string literal: single quotes doubled. */
    static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
