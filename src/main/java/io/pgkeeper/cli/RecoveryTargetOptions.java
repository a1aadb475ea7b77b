package io.pgkeeper.cli;

import io.pgkeeper.restore.RecoveryTarget;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where physical recovery stops: the flags restore and verify share, mapped to one {@link RecoveryTarget}. */
final class RecoveryTargetOptions {
    @Option(names = "--target-time", paramLabel = "TS", description = "physical: recover to this time, which must carry its zone: Z, +HH, +HH:MM or a zone name,"
            + " e.g. 2026-11-21T14:30:00Z or '2026-11-21 14:30:00 Europe/Paris'")
    String time;

    @Option(names = "--target-lsn", paramLabel = "LSN", description = "physical: recover to this WAL location, e.g. 0/3000060")
    String lsn;

    @Option(names = "--target-xid", paramLabel = "XID", description = "physical: recover to this transaction id")
    String xid;

    @Option(names = "--target-name", paramLabel = "NAME", description = "physical: recover to this named restore point (pg_create_restore_point)")
    String name;

    RecoveryTarget target(boolean immediate, RecoveryTarget.Action action, Optional<String> timeline) {
        return RecoveryTarget.of(Optional.ofNullable(time), Optional.ofNullable(lsn), Optional.ofNullable(xid), Optional.ofNullable(name),
                immediate, action, timeline);
    }
}
