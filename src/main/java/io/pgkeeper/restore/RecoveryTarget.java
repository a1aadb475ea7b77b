package io.pgkeeper.restore;

import io.pgkeeper.archive.Lsn;
import io.pgkeeper.error.PgKeeperException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where recovery stops. At most one of time, LSN, xid, name or immediate; none means "replay
 * all archived WAL".
 */
public record RecoveryTarget(
        Optional<Instant> time,
        Optional<String> lsn,
        Optional<String> xid,
        Optional<String> name,
        boolean immediate,
        Action action,
        Optional<String> timeline) {

    /** What the server does once it reaches the target. */
    public enum Action {
        PROMOTE,
        PAUSE,
        SHUTDOWN
    }

    public static RecoveryTarget none() {
        return new RecoveryTarget(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, Action.PROMOTE, Optional.empty());
    }

    /** Validates the combination the way PostgreSQL would, but before anything is written. */
    public static RecoveryTarget of(Optional<String> time, Optional<String> lsn, Optional<String> xid, Optional<String> name,
            boolean immediate, Action action, Optional<String> timeline) {
        List<String> given = new ArrayList<>();
        time.ifPresent(t -> given.add("--target-time"));
        lsn.ifPresent(t -> given.add("--target-lsn"));
        xid.ifPresent(t -> given.add("--target-xid"));
        name.ifPresent(t -> given.add("--target-name"));
        if (immediate) given.add("--target-immediate");
        if (given.size() > 1) {
            throw PgKeeperException.usage("only one recovery target may be given (got " + String.join(", ", given) + ")", "choose one");
        }
        lsn.ifPresent(l -> {
            if (!Lsn.isValid(l)) {
                throw PgKeeperException.usage("--target-lsn '" + l + "' is not an LSN", "write it as PostgreSQL prints it, e.g. 0/3000060");
            }
        });
        xid.ifPresent(x -> {
            if (!x.matches("\\d{1,20}")) {
                throw PgKeeperException.usage("--target-xid '" + x + "' is not a transaction id", "give a number, e.g. 1234");
            }
        });
        timeline.ifPresent(t -> {
            if (!t.equals("latest") && !t.equals("current") && !t.matches("\\d{1,10}")) {
                throw PgKeeperException.usage("--target-timeline '" + t + "' is not latest, current or a number", "e.g. --target-timeline latest");
            }
        });
        return new RecoveryTarget(time.map(RecoveryTarget::parseTime), lsn, xid, name, immediate, action, timeline);
    }

    static Instant parseTime(String text) {
        return TargetTime.parse(text);
    }

    /** The target as results show it: its kind and value, a time always in UTC. */
    public String describe() {
        if (time.isPresent()) return "time " + TargetTime.utc(time.get());
        if (lsn.isPresent()) return "lsn " + lsn.get();
        if (xid.isPresent()) return "xid " + xid.get();
        if (name.isPresent()) return "restore point '" + name.get() + "'";
        if (immediate) return "immediate (the end of the base backup)";
        return "end of the archived WAL";
    }

    public boolean isSet() {
        return time.isPresent() || lsn.isPresent() || xid.isPresent() || name.isPresent() || immediate;
    }
}
