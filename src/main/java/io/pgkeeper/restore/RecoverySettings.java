package io.pgkeeper.restore;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The postgresql.auto.conf lines that make a restored data directory recover to a target; pure. */
public final class RecoverySettings {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSx").withZone(ZoneOffset.UTC);

    private RecoverySettings() {}

    public static List<String> lines(String restoreCommand, RecoveryTarget target) {
        List<String> out = new ArrayList<>();
        out.add("# recovery settings written by pgkeeper restore");
        out.add("restore_command = " + quote(restoreCommand));
        target.time().ifPresent(t -> out.add("recovery_target_time = " + quote(TIME.format(t))));
        target.lsn().ifPresent(l -> out.add("recovery_target_lsn = " + quote(l)));
        target.xid().ifPresent(x -> out.add("recovery_target_xid = " + quote(x)));
        target.name().ifPresent(n -> out.add("recovery_target_name = " + quote(n)));
        if (target.immediate()) {
            out.add("recovery_target = 'immediate'");
        }
        if (target.isSet()) {
            out.add("recovery_target_action = " + quote(target.action().name().toLowerCase(Locale.ROOT)));
        }
        target.timeline().ifPresent(t -> out.add("recovery_target_timeline = " + quote(t)));
        return out;
    }

    /** A postgresql.conf string literal: single quotes doubled. */
    static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
