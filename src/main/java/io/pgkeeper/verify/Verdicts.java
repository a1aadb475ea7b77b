package io.pgkeeper.verify;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.recovery.RecoveryFailures;
import io.pgkeeper.recovery.RecoveryOutcome;
import java.util.List;
import java.util.Locale;

/**
 * The one place that decides, for what went wrong while a copy of a physical backup was brought
 * up, whether the backup is proven bad (exit 3) or verify could not run (exit 1). Only evidence
 * against the backup itself counts: its own WAL not replaying to consistency, files of the
 * backup that are damaged or missing. A target past the archive, a server that cannot start on
 * this machine (memory, a missing library, a port), refused logins or a timeout prove nothing
 * about the backup. A recovery that does not finish within timeouts.verify is therefore exit 1,
 * as it is for {@code restore --start} within timeouts.restore: a slow disk or a long replay is
 * not evidence, and exit 3 must page only for a backup proven bad.
 */
public final class Verdicts {
    /** What PostgreSQL says when the WAL a backup needs to become consistent is missing or damaged. */
    private static final List<String> OWN_WAL = List.of("could not locate required checkpoint record", "could not locate a valid checkpoint record",
            "invalid checkpoint record", "invalid primary checkpoint", "wal ends before end of online backup",
            "wal ends before consistent recovery point", "has already been removed", "invalid record length", "incorrect resource manager data checksum",
            "invalid magic number", "could not find redo location", "contrecord", "wal contains references to invalid pages",
            "could not read file \"backup_label\"", "invalid data in file \"backup_label\"", "invalid data in file \"tablespace_map\"");
    /** What pgbackrest says when its repository is damaged. */
    private static final List<String> DAMAGED_REPOSITORY = List.of("checksum", "[055]", "missing");

    private Verdicts() {}

    static StepFailure recovery(RecoveryOutcome o, RecoveryFailures.Copy copy) {
        RecoveryFailures.Failure f = RecoveryFailures.of(o, copy);
        String message = f.message() + "\nhint: " + f.hint();
        if (ownWalFailed(o)) {
            return StepFailure.provenBad("the backup's own WAL does not replay to a consistent state: " + message);
        }
        return StepFailure.couldNotRun(message);
    }

    /** The server stopped before it was consistent, saying that the WAL it needed is missing or damaged. */
    static boolean ownWalFailed(RecoveryOutcome o) {
        if (o.state() != RecoveryOutcome.State.EXITED || o.log().consistent() || o.log().fatal().isEmpty()) {
            return false;
        }
        String fatal = o.log().fatal().get().toLowerCase(Locale.ROOT);
        return OWN_WAL.stream().anyMatch(fatal::contains);
    }

    /**
     * A failed pgbackrest restore into the sandbox: a checksum or missing-file error is evidence
     * against the backup; anything else is not. By the message, not pgBackRest's error code: a
     * worker's checksum error reaches the console wrapped in a protocol error ([039]).
     */
    public static RuntimeException pgbackrestRestore(PgKeeperException e) {
        String m = e.getMessage().toLowerCase(Locale.ROOT);
        if (DAMAGED_REPOSITORY.stream().anyMatch(m::contains)) {
            return StepFailure.provenBad(e.getMessage());
        }
        return e;
    }
}
