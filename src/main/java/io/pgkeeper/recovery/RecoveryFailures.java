package io.pgkeeper.recovery;

import io.pgkeeper.util.Durations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one rule for what a failed wait means, in words: restore turns it into exit 1, verify into
 * "could not run" (or, when the backup's own WAL did not replay, "backup is bad"). Every message
 * quotes what the server said and where replay ended, and names the fix.
 */
public final class RecoveryFailures {
    private RecoveryFailures() {}

    /**
     * The copy a message is about.
     *
     * @param what e.g. "the restored copy in /srv/pitr"
     * @param archiveEnd what the archive holds last, e.g. "the newest archived segment is 0000000100000000000000A3"
     * @param stopCommand how to stop a copy left running
     */
    public record Copy(String what, int port, Path pgdata, Optional<String> archiveEnd, String stopCommand) {}

    public record Failure(String message, String hint) {}

    public static Failure of(RecoveryOutcome o, Copy copy) {
        String end = "the archive ends at " + o.log().replayEnd() + copy.archiveEnd().map(a -> "; " + a).orElse("");
        String fatal = o.log().fatal().orElse("no FATAL line in its log" + (o.detail().isEmpty() ? "" : "; " + o.detail()));
        String log = "its log is " + o.logFile();
        return switch (o.state()) {
            case TARGET_NOT_REACHED -> new Failure("target not reached: " + end + ". The server of " + copy.what() + " stopped: " + fatal,
                    "choose an earlier target (or none, to recover to the end of the archive), or bring the missing WAL into the archive;"
                            + " then restore again with --force; " + log);
            case EXITED -> new Failure("the server of " + copy.what() + " exited during recovery: " + fatal + replayed(o, copy), log
                    + "; the last lines:\n  " + String.join("\n  ", o.log().tail()));
            case AUTH_FAILED -> new Failure("cannot log in to " + copy.what() + " on port " + copy.port()
                    + " to watch its recovery; every login was refused:\n  " + o.detail().replace("\n", "\n  "),
                    "the copy runs the backup's " + copy.pgdata().resolve("pg_hba.conf") + ": allow the server's OS user over the local socket"
                            + " ('local all postgres peer'), or give the policy's role a passfile line for port " + copy.port()
                            + " (localhost:" + copy.port() + ":*:ROLE:PASSWORD). The server is still running; stop it with: " + copy.stopCommand());
            case TIMED_OUT -> new Failure("recovery of " + copy.what() + " did not get where it was asked to within "
                    + Durations.format(o.waited()) + (o.lsn() == null ? "" : " (last replayed " + o.lsn() + ")"),
                    "the server is still running (" + log + "); raise the policy's timeouts if recovery needs longer, or stop it with: "
                            + copy.stopCommand());
            default -> throw new IllegalArgumentException("not a failure: " + o.state());
        };
    }

    /** Where replay got to and where the archive ends, as far as known. */
    private static String replayed(RecoveryOutcome o, Copy copy) {
        List<String> known = new ArrayList<>();
        if (o.log().redoDone().isPresent() || o.log().lastTransaction().isPresent()) {
            known.add("replay reached " + o.log().replayEnd());
        }
        copy.archiveEnd().ifPresent(known::add);
        return known.isEmpty() ? "" : " (" + String.join("; ", known) + ")";
    }
}
