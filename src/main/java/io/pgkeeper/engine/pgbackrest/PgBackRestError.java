package io.pgkeeper.engine.pgbackrest;

import io.pgkeeper.error.LockHeldException;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.error.ToolFailedException;
import io.pgkeeper.process.ToolResult;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pgBackRest's own error, read from its stderr ({@code ERROR: [082]: message}, maybe after a
 * timestamp), turned into a pgkeeper error that keeps pgBackRest's code and message and adds
 * what to do for the common ones.
 *
 * @param code pgBackRest's error code, e.g. 82 (its exit status too)
 * @param pgbackrestHint the HINT line pgBackRest printed, if any
 */
public record PgBackRestError(int code, String message, Optional<String> pgbackrestHint) {
    private static final Pattern ERROR = Pattern.compile("ERROR: \\[(\\d{3})\\]: (.*)");
    private static final Pattern HINT = Pattern.compile("^\\s*HINT: (.*)");

    static final int ARCHIVE_MISMATCH = 44;
    static final int LOCK_ACQUIRE = 50;
    static final int BACKUP_MISMATCH = 51;
    static final int FILE_MISSING = 55;
    static final int DB_MISMATCH = 58;
    static final int ARCHIVE_TIMEOUT = 82;
    static final int ARCHIVE_DISABLED = 87;
    static final int ARCHIVE_COMMAND_INVALID = 68;
    static final int PATH_CREATE = 47;
    static final int FILE_OPEN = 41;

    /** The first ERROR line of the output, with the HINT that follows it. */
    public static Optional<PgBackRestError> parse(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = ERROR.matcher(lines.get(i));
            if (m.find()) {
                StringBuilder msg = new StringBuilder(m.group(2).strip());
                Optional<String> hint = Optional.empty();
                for (int j = i + 1; j < lines.size(); j++) {
                    Matcher h = HINT.matcher(lines.get(j));
                    if (h.find()) {
                        hint = Optional.of(h.group(1).strip());
                        break;
                    }
                    if (ERROR.matcher(lines.get(j)).find() || !lines.get(j).startsWith(" ")) {
                        break;
                    }
                    msg.append(' ').append(lines.get(j).strip());
                }
                return Optional.of(new PgBackRestError(Integer.parseInt(m.group(1)), msg.toString(), hint));
            }
        }
        return Optional.empty();
    }

    /** What to do about it: pgkeeper's advice for the common errors, else pgBackRest's own hint. */
    public String advice(String stanza) {
        String own = pgbackrestHint.map(h -> "pgBackRest says: " + h).orElse(null);
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        String ours = switch (code) {
            case LOCK_ACQUIRE -> "another pgbackrest command holds the lock for stanza " + stanza
                    + " (a backup, expire or stanza command running now); wait for it, or retry with --lock-wait";
            case BACKUP_MISMATCH, DB_MISMATCH, ARCHIVE_MISMATCH -> "the stanza " + stanza + " was created for another cluster"
                    + " or PostgreSQL version: after a major upgrade run 'pgbackrest --stanza=" + stanza + " stanza-upgrade';"
                    + " if this is another cluster, give it its own stanza (physical.pgbackrest.stanza)";
            case ARCHIVE_TIMEOUT -> "WAL did not reach the pgBackRest repository in time: set archive_command to the line"
                    + " 'pgkeeper archive command-line' prints (and archive_mode = on), reload the server, and check its log"
                    + " for archiver errors";
            case ARCHIVE_DISABLED, ARCHIVE_COMMAND_INVALID -> "set archive_mode = on and archive_command to the line"
                    + " 'pgkeeper archive command-line' prints (with engine pgbackrest it passes --engine pgbackrest, which"
                    + " pgBackRest looks for), then reload or restart the server";
            case FILE_MISSING -> lower.contains("info") ? "the stanza " + stanza + " does not exist in the repository yet:"
                    + " 'pgkeeper basebackup' creates it" : null;
            default -> null;
        };
        if (ours == null && (lower.contains("permission denied") || code == PATH_CREATE)) {
            ours = "the pgBackRest repository (repo1-path) or its log/lock directories must be writable by the OS user pgbackrest"
                    + " runs as (the cluster's osUser when pgkeeper runs as root)";
        }
        if (ours == null) {
            return own;
        }
        return own == null ? ours : ours + "; " + own;
    }

    /** The exception for a failed pgbackrest call; lock contention exits 4 like pgkeeper's own locks. */
    public static PgKeeperException toException(String what, ToolResult r, String stanza) {
        Optional<PgBackRestError> e = parse(r.stderrTail());
        if (e.isEmpty()) {
            if (r.timedOut()) {
                return new ToolFailedException(what + ": pgbackrest timed out", "raise the matching clusters.<name>.timeouts value",
                        r.tool(), r.exitCode(), r.stderrTail());
            }
            return new ToolFailedException(what + ": pgbackrest exited with " + r.exitCode()
                    + (r.stderrTail().isEmpty() ? "" : "\n  " + String.join("\n  ", r.stderrTail())),
                    "see pgBackRest's log in its log-path", r.tool(), r.exitCode(), r.stderrTail());
        }
        PgBackRestError err = e.get();
        String message = what + ": pgBackRest error [" + String.format("%03d", err.code()) + "]: " + err.message();
        if (err.code() == LOCK_ACQUIRE) {
            return new LockHeldException(message, err.advice(stanza));
        }
        return new ToolFailedException(message, err.advice(stanza), r.tool(), r.exitCode(), r.stderrTail());
    }

}
