package io.pgkeeper.recovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a recovering server's log says, read from its lines; pure. The server is started with
 * {@code lc_messages = C}, so the messages are PostgreSQL's English ones whatever the copy's
 * configuration says.
 *
 * @param fatal the last FATAL or PANIC message, without the line prefix
 * @param consistent "consistent recovery state reached": the backup's own WAL was replayed
 * @param redoDone where replay ended ("redo done at"), when the server said so
 * @param lastTransaction "last completed transaction was at log time ..."
 * @param stopped the "recovery stopping ..." line: the target was reached
 * @param targetNotReached the archive ended before the configured target
 * @param shutdownAtTarget recovery_target_action = shutdown did its work
 */
public record LogFacts(Optional<String> fatal, boolean consistent, Optional<String> redoDone, Optional<String> lastTransaction,
        Optional<String> stopped, boolean targetNotReached, boolean shutdownAtTarget, List<String> tail) {
    private static final Pattern FATAL = Pattern.compile("\\b(FATAL|PANIC):\\s+(.*)");
    private static final Pattern REDO_DONE = Pattern.compile("redo done at ([0-9A-F]+/[0-9A-F]+)");
    private static final Pattern LAST_TX = Pattern.compile("last completed transaction was at log time (.+)$");
    private static final Pattern STOPPING = Pattern.compile("(recovery stopping .*)$");
    private static final int TAIL = 20;
    /** FATALs of client connections (ours, or anyone's), which say nothing about why the server stopped. */
    private static final List<String> CLIENT_FATALS = List.of("authentication failed", "no pg_hba.conf entry", "the database system is starting up",
            "the database system is shutting down", "the database system is not yet accepting connections", "too many clients",
            "connection slots are reserved", "terminating connection", "role \"", "database \"", "no password supplied");

    public LogFacts {
        tail = List.copyOf(tail);
    }

    public static LogFacts of(List<String> lines) {
        Optional<String> fatal = Optional.empty();
        Optional<String> redo = Optional.empty();
        Optional<String> lastTx = Optional.empty();
        Optional<String> stopped = Optional.empty();
        boolean consistent = false;
        boolean notReached = false;
        boolean shutdown = false;
        for (String line : lines) {
            Matcher f = FATAL.matcher(line);
            if (f.find() && CLIENT_FATALS.stream().noneMatch(line::contains)) {
                fatal = Optional.of(f.group(1) + ": " + f.group(2).strip());
                notReached |= line.contains("recovery ended before configured recovery target was reached");
            }
            consistent |= line.contains("consistent recovery state reached");
            shutdown |= line.contains("shutdown at recovery target");
            Matcher r = REDO_DONE.matcher(line);
            if (r.find()) {
                redo = Optional.of(r.group(1));
            }
            Matcher t = LAST_TX.matcher(line);
            if (t.find()) {
                lastTx = Optional.of(t.group(1).strip());
            }
            Matcher s = STOPPING.matcher(line);
            if (s.find()) {
                stopped = Optional.of(s.group(1).strip());
            }
        }
        List<String> tail = new ArrayList<>(lines.subList(Math.max(0, lines.size() - TAIL), lines.size()));
        return new LogFacts(fatal, consistent, redo, lastTx, stopped, notReached, shutdown, tail);
    }

    /** "0/5000148 (last transaction at 2026-11-21 14:29:59.1+00)", or what is known of it. */
    public String replayEnd() {
        if (redoDone.isEmpty() && lastTransaction.isEmpty()) {
            return "an unknown point (the server log does not say)";
        }
        return redoDone.orElse("?") + lastTransaction.map(t -> " (last transaction at " + t + ")").orElse("");
    }
}
