package io.pgkeeper.spool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether the recovery a get worker reads ahead for is over: PostgreSQL removes
 * {@code recovery.signal} (or {@code standby.signal}) from the data directory when it promotes.
 * Only {@code restore --start} watched for that ({@link FinishedRecovery}); a copy started with
 * {@code pg_ctl} left its worker running for {@link GetWorker#IDLE}, probing the end of the
 * archive every second, beside whatever the host did next. Over means: a signal file was seen by
 * this worker and is gone since {@link #GRACE}, which leaves the launcher its records of what is
 * not archived for the history files PostgreSQL asks for while it picks its new timeline. A queue
 * whose data directory never had a signal file (a manual {@code archive get}) is never over here.
 */
final class RecoveryWatch {
    static final Duration GRACE = Duration.ofSeconds(3);
    private static final String[] SIGNALS = {"recovery.signal", "standby.signal"};

    private final Optional<Path> dataDir;
    private boolean seen;
    private Instant goneSince;

    RecoveryWatch(Path queueDir) {
        this.dataDir = dataDir(queueDir);
    }

    /** The data directory a queue is named after ({@code <host>:<path>}, {@code %} and {@code /} escaped: GetQueue.key). */
    static Optional<Path> dataDir(Path queueDir) {
        String key = queueDir.getFileName().toString();
        int colon = key.indexOf(':');
        if (colon < 0) {
            return Optional.empty(); // not a queue name as GetQueue makes them
        }
        return Optional.of(Path.of(key.substring(colon + 1).replace("%2F", "/").replace("%25", "%")));
    }

    boolean over(Instant now) {
        if (dataDir.isEmpty()) {
            return false;
        }
        boolean signalled = false;
        for (String s : SIGNALS) {
            signalled |= Files.exists(dataDir.get().resolve(s));
        }
        if (signalled) {
            seen = true;
            goneSince = null;
            return false;
        }
        if (!seen) {
            return false;
        }
        if (goneSince == null) {
            goneSince = now;
        }
        return !now.isBefore(goneSince.plus(GRACE));
    }
}
