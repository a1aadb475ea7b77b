package io.pgkeeper.spool;

import io.pgkeeper.archive.ArchiveIdentity;
import io.pgkeeper.archive.WalNames;
import io.pgkeeper.repository.storage.PosixStorage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The get worker's "not in the archive" probes ({@link AbsentRecords}). At the end of the archive
 * PostgreSQL asks, each through one more restore_command, for the segment after the last one
 * (twice), then for the next timeline's history file (to pick its new timeline) and for the
 * current one's (to copy it into the new history): four JVMs, a second or more each on a busy
 * host, against pgBackRest's C binary that reads its async process's status files.
 */
final class AbsentProbe {
    private AbsentProbe() {
    }

    /**
     * What this worker's records bind to: its archive's identity and the policy and environment
     * it runs with (hashed as the binding does). None without an identity, or for an archive the
     * shell cannot list (an object store: it has no binding either).
     */
    static Optional<AbsentRecords.Scope> scope(Archiving a, Spool spool) {
        try {
            if (!(a.repository().storage() instanceof PosixStorage)) {
                return Optional.empty();
            }
            Optional<String> sysid = a.archive().identity().map(ArchiveIdentity::systemIdentifier);
            if (sysid.isEmpty()) {
                return Optional.empty();
            }
            Binding b = Binding.of(a.policyFile(), a.cluster().name(), spool, a.repository().clusterDir(a.cluster().name()), a.env(),
                    a.clock().instant());
            return Optional.of(new AbsentRecords.Scope(sysid.get(), b.policySha256(), b.envSha256()));
        } catch (IOException | RuntimeException e) {
            // no records: every such call goes to Java, as before
            LoggerFactory.getLogger(AbsentProbe.class).debug("no absent records: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Records {@code segment} absent (its listing began at {@code probed}), then probes the history
     * files of its timeline and of the next: each recorded absent, or its record removed.
     */
    static void recordEnd(Archiving a, Path queueDir, AbsentRecords.Scope scope, String segment, Instant probed) {
        AbsentRecords.write(queueDir, segment, scope, probed);
        if (!WalNames.isSegment(segment)) {
            return;
        }
        int tli = WalNames.timeline(segment);
        for (int t : new int[] {tli, tli + 1}) {
            probeHistory(a, queueDir, scope, String.format(Locale.ROOT, "%08X.history", t));
        }
    }

    /**
     * Probes again each history file this queue holds a record for (restore wrote one before the
     * server started, {@link EarlyReadAhead}): recorded absent anew, with this probe's time, or its
     * record removed. Never a record without a listing that found no such file.
     */
    static void renewHistories(Archiving a, Path queueDir, AbsentRecords.Scope scope) {
        for (String history : AbsentRecords.histories(queueDir)) {
            probeHistory(a, queueDir, scope, history);
        }
    }

    /** Recorded absent with the time its listing began, or its record removed: never a record without a listing that found no such file. */
    private static void probeHistory(Archiving a, Path queueDir, AbsentRecords.Scope scope, String history) {
        Instant at = a.clock().instant();
        try {
            if (a.archive().find(history).isEmpty()) {
                AbsentRecords.write(queueDir, history, scope, at);
            } else {
                AbsentRecords.clear(queueDir, history);
            }
        } catch (RuntimeException e) {
            // a listing that failed proves nothing: no record, so that call goes to Java, which reports it
            AbsentRecords.clear(queueDir, history);
        }
    }
}
