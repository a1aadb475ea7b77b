package io.pgkeeper.retention;

import io.pgkeeper.policy.LogicalRetention;
import io.pgkeeper.policy.RetentionPolicy;
import io.pgkeeper.util.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Decides what {@code pgkeeper prune} keeps and deletes. A pure function of the catalog, the
 * policy and the time: it reads no files, no clock and no default time zone, so a dry run and the
 * real run agree and every rule can be tested from a table.
 *
 * <p>Counted rules (keepLast, GFS buckets, keepFull, minKeep) only count backups whose last
 * verification did not fail, so a broken backup never takes the slot of a good one. The safety
 * rules (newest completed backup, minKeep) win over maxAge.
 */
public final class RetentionPlanner {
    static final String OLDER_THAN_EVERY_RULE = "deleted: older than every rule";
    static final String NEWEST = "kept: newest completed backup";
    static final String INCREMENTAL_BASE = "kept: base of a kept incremental backup";
    static final String ATTEMPT_DELETED = "deleted: unfinished attempt";
    static final String ATTEMPT_IN_GRACE = "kept: unfinished attempt within grace period";
    static final String ATTEMPT_LOCKED = "kept: unfinished attempt is locked by a running process";

    /** Ties on start time fall back to finish time and id only so the plan never depends on input order. */
    private static final Comparator<CompletedBackup> NEWEST_FIRST = Comparator.comparing(CompletedBackup::startedAt)
            .thenComparing(CompletedBackup::finishedAt)
            .thenComparing(CompletedBackup::id)
            .reversed();

    private RetentionPlanner() {}

    public static RetentionPlan plan(
            List<CompletedBackup> completed, List<UnfinishedAttempt> attempts, RetentionPolicy policy, Instant now) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(now, "now");
        requireUniqueIds(completed, attempts);
        List<Decision> decisions = new ArrayList<>();
        Optional<String> walKeepFrom = Optional.empty();
        for (RetentionKind kind : RetentionKind.values()) {
            List<CompletedBackup> newestFirst =
                    completed.stream().filter(b -> b.kind() == kind).sorted(NEWEST_FIRST).toList();
            Map<CompletedBackup, Decision> decided = switch (kind) {
                case LOGICAL -> policy.logical()
                        .map(rules -> decideLogical(newestFirst, rules, now))
                        .orElseGet(() -> keepAll(newestFirst, kind));
                case PHYSICAL -> policy.physical()
                        .map(rules -> PhysicalRules.decide(newestFirst, rules, now))
                        .orElseGet(() -> keepAll(newestFirst, kind));
            };
            for (int i = newestFirst.size() - 1; i >= 0; i--) {
                decisions.add(decided.get(newestFirst.get(i)));
            }
            // Without a physical policy nothing physical is pruned, WAL included: the operator
            // asked for no retention, and WAL older than every backup may feed another tool.
            if (kind == RetentionKind.PHYSICAL && policy.physical().isPresent()) {
                walKeepFrom = walKeepFrom(decided);
            }
            attempts.stream()
                    .filter(a -> a.kind() == kind)
                    .sorted(Comparator.comparing(UnfinishedAttempt::lastModified).thenComparing(UnfinishedAttempt::id))
                    .map(a -> decideAttempt(a, policy.unfinishedGrace(), now))
                    .forEach(decisions::add);
        }
        return new RetentionPlan(decisions, walKeepFrom);
    }

    private static Map<CompletedBackup, Decision> decideLogical(
            List<CompletedBackup> newestFirst, LogicalRetention rules, Instant now) {
        Map<CompletedBackup, List<String>> byRule = emptyReasons(newestFirst);
        List<CompletedBackup> countable = countable(newestFirst);
        keepNewest(countable, rules.keepLast(), "kept: last %d of " + rules.keepLast(), byRule);
        for (GfsPeriod period : GfsPeriod.values()) {
            keepNewestPerBucket(countable, period, period.bucketsToKeep(rules), byRule);
        }
        Map<CompletedBackup, List<String>> bySafety = emptyReasons(newestFirst);
        addSafetyReasons(newestFirst, rules.minKeep(), bySafety);

        Optional<Instant> cutoff = rules.maxAge().map(now::minus);
        Map<CompletedBackup, Decision> decided = new LinkedHashMap<>();
        for (CompletedBackup b : newestFirst) {
            boolean tooOld = cutoff.isPresent() && b.startedAt().isBefore(cutoff.get());
            List<String> safety = bySafety.get(b);
            if (tooOld && safety.isEmpty()) {
                decided.put(b, delete(b, "deleted: maxAge " + Durations.format(rules.maxAge().orElseThrow()) + " exceeded"));
                continue;
            }
            // maxAge overrides the counted rules, so an old backup held only by safety lists only those.
            List<String> reasons = Stream.concat(tooOld ? Stream.empty() : byRule.get(b).stream(), safety.stream()).toList();
            decided.put(b, reasons.isEmpty() ? delete(b, OLDER_THAN_EVERY_RULE) : keep(b, reasons));
        }
        return decided;
    }

    /** Never delete the newest backup; never keep fewer than minKeep, good ones first. */
    static void addSafetyReasons(List<CompletedBackup> newestFirst, int minKeep,
            Map<CompletedBackup, List<String>> reasons) {
        Stream.concat(newestFirst.stream().filter(b -> !b.verifyFailed()), newestFirst.stream().filter(CompletedBackup::verifyFailed))
                .limit(Math.max(0, minKeep))
                .forEach(b -> reasons.get(b).add("kept: minKeep " + minKeep));
        if (!newestFirst.isEmpty()) {
            reasons.get(newestFirst.get(0)).add(NEWEST);
        }
    }

    static void keepNewest(List<CompletedBackup> newestFirst, int n, String reasonFormat,
            Map<CompletedBackup, List<String>> reasons) {
        for (int i = 0; i < Math.min(n, newestFirst.size()); i++) {
            reasons.get(newestFirst.get(i)).add(String.format(reasonFormat, i + 1));
        }
    }

    /** Buckets come newest first too, so the first backup seen in a bucket is its newest. */
    private static void keepNewestPerBucket(List<CompletedBackup> newestFirst, GfsPeriod period, int buckets,
            Map<CompletedBackup, List<String>> reasons) {
        Set<String> seen = new HashSet<>();
        for (CompletedBackup b : newestFirst) {
            if (seen.size() >= buckets) {
                return;
            }
            String bucket = period.bucketOf(b.startedAt());
            if (seen.add(bucket)) {
                reasons.get(b).add("kept: " + period.label() + " " + bucket);
            }
        }
    }

    private static Map<CompletedBackup, Decision> keepAll(List<CompletedBackup> newestFirst, RetentionKind kind) {
        String reason = "kept: no retention policy for " + kind.label() + " backups";
        Map<CompletedBackup, Decision> decided = new LinkedHashMap<>();
        newestFirst.forEach(b -> decided.put(b, keep(b, List.of(reason))));
        return decided;
    }

    /**
     * The start segment that sorts lowest among kept backups (normally the oldest one's). Empty when
     * a kept backup does not say where it starts: then no WAL can be proven unneeded.
     */
    private static Optional<String> walKeepFrom(Map<CompletedBackup, Decision> decided) {
        List<CompletedBackup> kept = decided.entrySet().stream().filter(e -> e.getValue().keeps()).map(Map.Entry::getKey).toList();
        if (kept.isEmpty() || kept.stream().anyMatch(b -> b.startWalSegment().isEmpty())) {
            return Optional.empty();
        }
        return kept.stream()
                .map(b -> b.startWalSegment().orElseThrow())
                .min(Comparator.comparing(WalExpiry::logAndSegment).thenComparing(Comparator.naturalOrder()));
    }

    private static Decision decideAttempt(UnfinishedAttempt a, Duration grace, Instant now) {
        List<String> reasons = new ArrayList<>();
        if (!a.lastModified().plus(grace).isBefore(now)) {
            reasons.add(ATTEMPT_IN_GRACE);
        }
        if (a.locked()) {
            reasons.add(ATTEMPT_LOCKED);
        }
        return reasons.isEmpty()
                ? new Decision(a.id(), a.kind(), Action.DELETE, List.of(ATTEMPT_DELETED))
                : new Decision(a.id(), a.kind(), Action.KEEP, reasons);
    }

    /** Prune deletes by id: one id naming two things could delete a backup meant to stay. */
    private static void requireUniqueIds(List<CompletedBackup> completed, List<UnfinishedAttempt> attempts) {
        for (RetentionKind kind : RetentionKind.values()) {
            Set<String> seen = new HashSet<>();
            Stream.concat(
                            completed.stream().filter(b -> b.kind() == kind).map(CompletedBackup::id),
                            attempts.stream().filter(a -> a.kind() == kind).map(UnfinishedAttempt::id))
                    .filter(id -> !seen.add(id))
                    .findFirst()
                    .ifPresent(id -> {
                        throw new IllegalArgumentException("id " + id + " appears more than once among "
                                + kind.label() + " backups and unfinished attempts");
                    });
        }
    }

    static List<CompletedBackup> countable(List<CompletedBackup> backups) {
        return backups.stream().filter(b -> !b.verifyFailed()).toList();
    }

    static Map<CompletedBackup, List<String>> emptyReasons(List<CompletedBackup> backups) {
        Map<CompletedBackup, List<String>> reasons = new LinkedHashMap<>();
        backups.forEach(b -> reasons.put(b, new ArrayList<>()));
        return reasons;
    }

    static Decision keep(CompletedBackup b, List<String> reasons) {
        return new Decision(b.id(), b.kind(), Action.KEEP, reasons);
    }

    static Decision delete(CompletedBackup b, String reason) {
        return new Decision(b.id(), b.kind(), Action.DELETE, List.of(reason));
    }
}
