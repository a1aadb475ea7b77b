package io.pgkeeper.retention;

import io.pgkeeper.policy.PhysicalRetention;
import io.pgkeeper.util.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of retention.physical, for {@link RetentionPlanner}: keepFull, the recovery window,
 * minKeep and the newest backup, and the bases of kept incremental backups. Pure, like the planner.
 */
final class PhysicalRules {
    private PhysicalRules() {}

    static Map<CompletedBackup, Decision> decide(
            List<CompletedBackup> newestFirst, PhysicalRetention rules, Instant now) {
        Map<CompletedBackup, List<String>> reasons = RetentionPlanner.emptyReasons(newestFirst);
        List<CompletedBackup> fulls = RetentionPlanner.countable(newestFirst).stream().filter(CompletedBackup::isFull).toList();
        RetentionPlanner.keepNewest(fulls, rules.keepFull(), "kept: full %d of " + rules.keepFull(), reasons);
        rules.recoveryWindow().ifPresent(window -> keepRecoveryWindow(newestFirst, window, now, reasons));
        RetentionPlanner.addSafetyReasons(newestFirst, rules.minKeep(), reasons);
        keepIncrementalBases(newestFirst, reasons);

        Map<CompletedBackup, Decision> decided = new LinkedHashMap<>();
        for (CompletedBackup b : newestFirst) {
            List<String> why = reasons.get(b);
            decided.put(b, why.isEmpty() ? RetentionPlanner.delete(b, RetentionPlanner.OLDER_THAN_EVERY_RULE) : RetentionPlanner.keep(b, why));
        }
        return decided;
    }

    /**
     * Recovering to a moment needs a base backup that was consistent by then, which is when it
     * finished, not when it started: the anchor is the newest good backup finished when the window
     * opened. It and everything after it stay. With no such backup, everything stays.
     */
    private static void keepRecoveryWindow(List<CompletedBackup> newestFirst, Duration window, Instant now,
            Map<CompletedBackup, List<String>> reasons) {
        Instant opens = now.minus(window);
        String reason = "kept: recovery window " + Durations.format(window);
        for (CompletedBackup b : newestFirst) {
            reasons.get(b).add(reason);
            if (!b.verifyFailed() && !b.finishedAt().isAfter(opens)) {
                return;
            }
        }
    }

    /**
     * The catalog does not record which backup an incremental one was taken against, so keep every
     * backup between a kept incremental and the newest full backup before it, that full included.
     */
    private static void keepIncrementalBases(List<CompletedBackup> newestFirst, Map<CompletedBackup, List<String>> reasons) {
        // Newest first: a base that is itself incremental is reached, and extended, later in this loop.
        for (int i = 0; i < newestFirst.size(); i++) {
            CompletedBackup b = newestFirst.get(i);
            if (b.isFull() || reasons.get(b).isEmpty()) {
                continue;
            }
            for (int j = i + 1; j < newestFirst.size(); j++) {
                CompletedBackup base = newestFirst.get(j);
                if (!reasons.get(base).contains(RetentionPlanner.INCREMENTAL_BASE)) {
                    reasons.get(base).add(RetentionPlanner.INCREMENTAL_BASE);
                }
                if (base.isFull()) {
                    break;
                }
            }
        }
    }
}
