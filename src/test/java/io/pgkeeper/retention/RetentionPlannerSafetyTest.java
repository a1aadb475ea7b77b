package io.pgkeeper.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.policy.LogicalRetention;
import io.pgkeeper.policy.PhysicalRetention;
import io.pgkeeper.policy.RetentionPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetentionPlannerSafetyTest {
    private static final String NEWEST = "kept: newest completed backup";
    private static final String OLDER = "deleted: older than every rule";
    private static final Optional<Boolean> OK = Optional.of(true);
    private static final Optional<Boolean> FAILED = Optional.of(false);
    private static final Optional<Boolean> UNVERIFIED = Optional.empty();
    private static final String SEGMENT = "000000010000000000000010";

    @Test
    void theNewestCompletedBackupIsNeverDeletedWhateverThePolicySays() {
        LogicalRetention keepNothing = new LogicalRetention(0, 0, 0, 0, 0, Optional.of(Duration.ofDays(1)), 0);
        List<CompletedBackup> backups = List.of(
                logical("2026-01-01T03:00", OK),
                logical("2026-01-02T03:00", FAILED));

        RetentionPlan plan = RetentionPlanner.plan(backups, List.of(), logicalPolicy(keepNothing), at("2026-12-31T00:00"));

        assertEquals(List.of(
                        "LOGICAL 2026-01-01T03:00 DELETE deleted: maxAge 1d exceeded",
                        "LOGICAL 2026-01-02T03:00 KEEP " + NEWEST),
                render(plan));
    }

    @Test
    void theNewestPhysicalBackupIsNeverDeletedEither() {
        RetentionPolicy keepNothing = physicalPolicy(new PhysicalRetention(0, Optional.empty(), 0));
        List<CompletedBackup> backups = List.of(
                physical("2026-01-01T03:00", OK, "000000010000000000000002"),
                physical("2026-01-02T03:00", OK, "000000010000000000000004"));

        RetentionPlan plan = RetentionPlanner.plan(backups, List.of(), keepNothing, at("2026-12-31T00:00"));

        assertEquals(List.of(
                        "PHYSICAL 2026-01-01T03:00 DELETE " + OLDER,
                        "PHYSICAL 2026-01-02T03:00 KEEP " + NEWEST),
                render(plan));
        assertEquals(Optional.of("000000010000000000000004"), plan.walKeepFrom());
    }

    @Test
    void neverGoesBelowMinKeepKeepingTheNewest() {
        LogicalRetention rules = new LogicalRetention(1, 0, 0, 0, 0, Optional.empty(), 3);
        List<CompletedBackup> backups = List.of(
                logical("2026-11-17T03:00", UNVERIFIED),
                logical("2026-11-18T03:00", UNVERIFIED),
                logical("2026-11-19T03:00", UNVERIFIED),
                logical("2026-11-20T03:00", UNVERIFIED),
                logical("2026-11-21T03:00", UNVERIFIED));

        RetentionPlan plan = RetentionPlanner.plan(backups, List.of(), logicalPolicy(rules), at("2026-11-21T12:00"));

        assertEquals(List.of(
                        "LOGICAL 2026-11-17T03:00 DELETE " + OLDER,
                        "LOGICAL 2026-11-18T03:00 DELETE " + OLDER,
                        "LOGICAL 2026-11-19T03:00 KEEP kept: minKeep 3",
                        "LOGICAL 2026-11-20T03:00 KEEP kept: minKeep 3",
                        "LOGICAL 2026-11-21T03:00 KEEP kept: last 1 of 1 | kept: minKeep 3 | " + NEWEST),
                render(plan));
    }

    @Test
    void minKeepIsFilledWithGoodBackupsBeforeFailedOnes() {
        LogicalRetention rules = new LogicalRetention(0, 0, 0, 0, 0, Optional.empty(), 2);
        List<CompletedBackup> backups = List.of(
                logical("2026-11-18T03:00", OK),
                logical("2026-11-19T03:00", UNVERIFIED),
                logical("2026-11-20T03:00", OK),
                logical("2026-11-21T03:00", FAILED));

        RetentionPlan plan = RetentionPlanner.plan(backups, List.of(), logicalPolicy(rules), at("2026-11-21T12:00"));

        assertEquals(List.of(
                        "LOGICAL 2026-11-18T03:00 DELETE " + OLDER,
                        "LOGICAL 2026-11-19T03:00 KEEP kept: minKeep 2",
                        "LOGICAL 2026-11-20T03:00 KEEP kept: minKeep 2",
                        "LOGICAL 2026-11-21T03:00 KEEP " + NEWEST),
                render(plan));
    }

    @Test
    void minKeepCountsFailedBackupsWhenTooFewGoodOnesExist() {
        LogicalRetention rules = new LogicalRetention(0, 0, 0, 0, 0, Optional.of(Duration.ofDays(1)), 3);
        List<CompletedBackup> backups = List.of(
                logical("2026-11-17T03:00", FAILED),
                logical("2026-11-18T03:00", FAILED),
                logical("2026-11-19T03:00", FAILED),
                logical("2026-11-20T03:00", OK));

        RetentionPlan plan = RetentionPlanner.plan(backups, List.of(), logicalPolicy(rules), at("2026-12-31T00:00"));

        assertEquals(List.of(
                        "LOGICAL 2026-11-17T03:00 DELETE deleted: maxAge 1d exceeded",
                        "LOGICAL 2026-11-18T03:00 KEEP kept: minKeep 3",
                        "LOGICAL 2026-11-19T03:00 KEEP kept: minKeep 3",
                        "LOGICAL 2026-11-20T03:00 KEEP kept: minKeep 3 | " + NEWEST),
                render(plan));
    }

    @Test
    void aFailedVerificationNeverCountsTowardsKeepLast() {
        LogicalRetention rules = new LogicalRetention(2, 0, 0, 0, 0, Optional.empty(), 0);
        List<CompletedBackup> backups = List.of(
                logical("2026-11-18T03:00", OK),
                logical("2026-11-19T03:00", OK),
                logical("2026-11-20T03:00", UNVERIFIED),
                logical("2026-11-21T03:00", FAILED));

        RetentionPlan plan = RetentionPlanner.plan(backups, List.of(), logicalPolicy(rules), at("2026-11-21T12:00"));

        assertEquals(List.of(
                        "LOGICAL 2026-11-18T03:00 DELETE " + OLDER,
                        "LOGICAL 2026-11-19T03:00 KEEP kept: last 2 of 2",
                        "LOGICAL 2026-11-20T03:00 KEEP kept: last 1 of 2",
                        "LOGICAL 2026-11-21T03:00 KEEP " + NEWEST),
                render(plan));
    }

    @Test
    void aFailedVerificationNeverCountsTowardsKeepFull() {
        RetentionPolicy policy = physicalPolicy(new PhysicalRetention(1, Optional.empty(), 0));
        List<CompletedBackup> backups = List.of(
                physical("2026-11-19T03:00", OK, "000000010000000000000002"),
                physical("2026-11-20T03:00", UNVERIFIED, "000000010000000000000004"),
                physical("2026-11-21T03:00", FAILED, "000000010000000000000006"));

        RetentionPlan plan = RetentionPlanner.plan(backups, List.of(), policy, at("2026-11-21T12:00"));

        assertEquals(List.of(
                        "PHYSICAL 2026-11-19T03:00 DELETE " + OLDER,
                        "PHYSICAL 2026-11-20T03:00 KEEP kept: full 1 of 1",
                        "PHYSICAL 2026-11-21T03:00 KEEP " + NEWEST),
                render(plan));
        assertEquals(Optional.of("000000010000000000000004"), plan.walKeepFrom());
    }

    @Test
    void aFailedBackupIsNeverTheOneAGfsBucketKeeps() {
        LogicalRetention rules = new LogicalRetention(0, 2, 0, 0, 0, Optional.empty(), 0);
        List<CompletedBackup> backups = List.of(
                logical("2026-11-20T03:00", OK),
                logical("2026-11-20T15:00", FAILED),
                logical("2026-11-21T03:00", OK));

        RetentionPlan plan = RetentionPlanner.plan(backups, List.of(), logicalPolicy(rules), at("2026-11-21T12:00"));

        assertEquals(List.of(
                        "LOGICAL 2026-11-20T03:00 KEEP kept: daily 2026-11-20",
                        "LOGICAL 2026-11-20T15:00 DELETE " + OLDER,
                        "LOGICAL 2026-11-21T03:00 KEEP kept: daily 2026-11-21 | " + NEWEST),
                render(plan));
    }

    @Test
    void unfinishedAttemptsAreNeverCountedAsBackups() {
        LogicalRetention rules = new LogicalRetention(1, 1, 0, 0, 0, Optional.empty(), 1);
        List<CompletedBackup> backups = List.of(
                logical("2026-11-19T03:00", OK),
                logical("2026-11-20T03:00", OK));
        List<UnfinishedAttempt> attempts = List.of(
                new UnfinishedAttempt("2026-11-21T03:00", RetentionKind.LOGICAL, at("2026-11-21T03:20"), true),
                new UnfinishedAttempt("2026-11-21T04:00", RetentionKind.PHYSICAL, at("2026-11-21T04:00"), false));

        RetentionPlan plan = RetentionPlanner.plan(backups, attempts, logicalPolicy(rules), at("2026-11-21T04:30"));

        assertEquals(List.of(
                        "LOGICAL 2026-11-19T03:00 DELETE " + OLDER,
                        "LOGICAL 2026-11-20T03:00 KEEP kept: last 1 of 1 | kept: daily 2026-11-20 | kept: minKeep 1 | "
                                + NEWEST,
                        "LOGICAL 2026-11-21T03:00 KEEP kept: unfinished attempt within grace period"
                                + " | kept: unfinished attempt is locked by a running process",
                        "PHYSICAL 2026-11-21T04:00 KEEP kept: unfinished attempt within grace period"),
                render(plan));
        assertEquals(Optional.empty(), plan.walKeepFrom());
    }

    @ParameterizedTest(name = "age {0}, locked {1}: {2}")
    @CsvSource(delimiter = ';', value = {
        "PT25H; false; DELETE deleted: unfinished attempt",
        "PT23H; false; KEEP kept: unfinished attempt within grace period",
        "PT24H; false; KEEP kept: unfinished attempt within grace period",
        "P30D;  true;  KEEP kept: unfinished attempt is locked by a running process",
        "PT1H;  true;  KEEP kept: unfinished attempt within grace period | kept: unfinished attempt is locked by a running process",
    })
    void anAttemptIsDeletedOnlyPastItsGracePeriodAndUnlocked(Duration age, boolean locked, String expected) {
        Instant now = at("2026-11-21T12:00");
        RetentionPolicy policy = new RetentionPolicy(Optional.empty(), Optional.empty(), Duration.ofDays(1));
        UnfinishedAttempt attempt = new UnfinishedAttempt("a1", RetentionKind.PHYSICAL, now.minus(age), locked);

        RetentionPlan plan = RetentionPlanner.plan(List.of(), List.of(attempt), policy, now);

        assertEquals(List.of("PHYSICAL a1 " + expected), render(plan));
    }

    @Test
    void withoutRetentionForAKindEveryBackupIsKeptButOldAttemptsStillGo() {
        List<CompletedBackup> backups = List.of(
                logical("2020-01-01T03:00", FAILED),
                logical("2026-11-20T03:00", OK),
                physical("2020-01-01T03:00", OK, "000000010000000000000002"),
                physical("2026-11-20T03:00", OK, "000000010000000000000090"));
        List<UnfinishedAttempt> attempts = List.of(
                new UnfinishedAttempt("2026-11-01T03:00", RetentionKind.LOGICAL, at("2026-11-01T03:00"), false));

        RetentionPlan plan = RetentionPlanner.plan(backups, attempts, RetentionPolicy.defaults(), at("2026-11-21T12:00"));

        assertEquals(List.of(
                        "LOGICAL 2020-01-01T03:00 KEEP kept: no retention policy for logical backups",
                        "LOGICAL 2026-11-20T03:00 KEEP kept: no retention policy for logical backups",
                        "LOGICAL 2026-11-01T03:00 DELETE deleted: unfinished attempt",
                        "PHYSICAL 2020-01-01T03:00 KEEP kept: no retention policy for physical backups",
                        "PHYSICAL 2026-11-20T03:00 KEEP kept: no retention policy for physical backups"),
                render(plan));
        // No physical policy: nothing physical is pruned, WAL included.
        assertEquals(Optional.empty(), plan.walKeepFrom());
        assertEquals(List.of("2026-11-01T03:00"), plan.deletions().stream().map(Decision::id).toList());
    }

    @Test
    void kindsAreRetainedIndependently() {
        // keepLast 1 for logical must not be satisfied by a newer physical backup.
        LogicalRetention rules = new LogicalRetention(1, 0, 0, 0, 0, Optional.empty(), 0);
        List<CompletedBackup> backups = List.of(
                physical("2026-11-21T03:00", OK, SEGMENT),
                logical("2026-11-19T03:00", OK),
                logical("2026-11-20T03:00", OK));

        RetentionPlan plan = RetentionPlanner.plan(backups, List.of(), logicalPolicy(rules), at("2026-11-21T12:00"));

        assertEquals(List.of(
                        "LOGICAL 2026-11-19T03:00 DELETE " + OLDER,
                        "LOGICAL 2026-11-20T03:00 KEEP kept: last 1 of 1 | " + NEWEST),
                render(new RetentionPlan(plan.decisions(RetentionKind.LOGICAL), Optional.empty())));
        assertEquals(List.of("PHYSICAL 2026-11-21T03:00 KEEP kept: no retention policy for physical backups"),
                render(new RetentionPlan(plan.decisions(RetentionKind.PHYSICAL), Optional.empty())));
    }

    @Test
    void anIdUsedTwiceWithinAKindIsRefused() {
        List<CompletedBackup> backups = List.of(logical("2026-11-20T03:00", OK));
        List<UnfinishedAttempt> attempts = List.of(
                new UnfinishedAttempt("2026-11-20T03:00", RetentionKind.LOGICAL, at("2026-11-01T00:00"), false));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RetentionPlanner.plan(backups, attempts, RetentionPolicy.defaults(), at("2026-11-21T00:00")));
        assertEquals("id 2026-11-20T03:00 appears more than once among logical backups and unfinished attempts",
                e.getMessage());
    }

    @Test
    void theSameIdInBothKindsIsFine() {
        List<CompletedBackup> backups = List.of(
                logical("2026-11-20T03:00", OK),
                physical("2026-11-20T03:00", OK, SEGMENT));

        RetentionPlan plan = RetentionPlanner.plan(backups, List.of(), RetentionPolicy.defaults(), at("2026-11-21T00:00"));

        assertEquals(2, plan.decisions().size());
        assertTrue(plan.decisions().stream().allMatch(Decision::keeps));
    }

    @Test
    void anEmptyCatalogPlansNothing() {
        RetentionPolicy policy = new RetentionPolicy(
                Optional.of(new LogicalRetention(1, 1, 1, 1, 1, Optional.of(Duration.ofDays(1)), 1)),
                Optional.of(new PhysicalRetention(1, Optional.of(Duration.ofDays(7)), 1)),
                Duration.ofDays(1));

        RetentionPlan plan = RetentionPlanner.plan(List.of(), List.of(), policy, at("2026-11-21T00:00"));

        assertEquals(List.of(), plan.decisions());
        assertEquals(Optional.empty(), plan.walKeepFrom());
    }

    static Instant at(String utc) {
        return LocalDateTime.parse(utc).toInstant(ZoneOffset.UTC);
    }

    static CompletedBackup logical(String start, Optional<Boolean> verifyOk) {
        return CompletedBackup.logical(start, at(start), at(start).plus(Duration.ofMinutes(10)), verifyOk);
    }

    static CompletedBackup physical(String start, Optional<Boolean> verifyOk, String segment) {
        return CompletedBackup.physical(start, at(start), at(start).plus(Duration.ofMinutes(30)), verifyOk, segment, true);
    }

    static RetentionPolicy logicalPolicy(LogicalRetention rules) {
        return new RetentionPolicy(Optional.of(rules), Optional.empty(), Duration.ofDays(1));
    }

    static RetentionPolicy physicalPolicy(PhysicalRetention rules) {
        return new RetentionPolicy(Optional.empty(), Optional.of(rules), Duration.ofDays(1));
    }

    static List<String> render(RetentionPlan plan) {
        return plan.decisions().stream()
                .map(d -> d.kind() + " " + d.id() + " " + d.action() + " " + String.join(" | ", d.reasons()))
                .toList();
    }
}
