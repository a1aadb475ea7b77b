package io.pgkeeper.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgkeeper.policy.LogicalRetention;
import io.pgkeeper.policy.RetentionPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RetentionPlannerLogicalTest {
    private static final String NEWEST = "kept: newest completed backup";
    private static final String OLDER = "deleted: older than every rule";

    /** Ids are the UTC start time as written here; the planner treats them as opaque. */
    record Case(String name, LogicalRetention rules, String now, List<String> starts, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("keepLast keeps the N newest",
                        rules(2, 0, 0, 0, 0, null, 0), "2026-11-21T12:00",
                        List.of("2026-11-18T03:00", "2026-11-19T03:00", "2026-11-20T03:00", "2026-11-21T03:00"),
                        List.of("2026-11-18T03:00 DELETE " + OLDER,
                                "2026-11-19T03:00 DELETE " + OLDER,
                                "2026-11-20T03:00 KEEP kept: last 2 of 2",
                                "2026-11-21T03:00 KEEP kept: last 1 of 2 | " + NEWEST)),
                new Case("daily keeps the newest backup of each day",
                        rules(0, 2, 0, 0, 0, null, 0), "2026-11-22T12:00",
                        List.of("2026-11-20T03:00", "2026-11-20T15:00", "2026-11-21T03:00", "2026-11-21T15:00",
                                "2026-11-22T03:00"),
                        List.of("2026-11-20T03:00 DELETE " + OLDER,
                                "2026-11-20T15:00 DELETE " + OLDER,
                                "2026-11-21T03:00 DELETE " + OLDER,
                                "2026-11-21T15:00 KEEP kept: daily 2026-11-21",
                                "2026-11-22T03:00 KEEP kept: daily 2026-11-22 | " + NEWEST)),
                new Case("days without a backup are not counted as buckets",
                        rules(0, 3, 0, 0, 0, null, 0), "2026-11-30T00:00",
                        List.of("2026-11-01T03:00", "2026-11-02T03:00", "2026-11-10T03:00", "2026-11-11T03:00"),
                        List.of("2026-11-01T03:00 DELETE " + OLDER,
                                "2026-11-02T03:00 KEEP kept: daily 2026-11-02",
                                "2026-11-10T03:00 KEEP kept: daily 2026-11-10",
                                "2026-11-11T03:00 KEEP kept: daily 2026-11-11 | " + NEWEST)),
                new Case("a day is a UTC day: 23:59:59 and 00:00 fall in different buckets",
                        rules(0, 2, 0, 0, 0, null, 0), "2026-11-21T12:00",
                        List.of("2026-11-20T00:00", "2026-11-20T23:59:59", "2026-11-21T00:00"),
                        List.of("2026-11-20T00:00 DELETE " + OLDER,
                                "2026-11-20T23:59:59 KEEP kept: daily 2026-11-20",
                                "2026-11-21T00:00 KEEP kept: daily 2026-11-21 | " + NEWEST)),
                new Case("weekly uses ISO weeks across the year boundary",
                        rules(0, 0, 3, 0, 0, null, 0), "2021-01-04T12:00",
                        List.of("2019-12-30T03:00", "2020-12-28T03:00", "2020-12-31T03:00", "2021-01-03T23:59",
                                "2021-01-04T00:00"),
                        List.of("2019-12-30T03:00 KEEP kept: weekly 2020-W01",
                                "2020-12-28T03:00 DELETE " + OLDER,
                                "2020-12-31T03:00 DELETE " + OLDER,
                                "2021-01-03T23:59 KEEP kept: weekly 2020-W53",
                                "2021-01-04T00:00 KEEP kept: weekly 2021-W01 | " + NEWEST)),
                new Case("monthly across the year boundary",
                        rules(0, 0, 0, 3, 0, null, 0), "2026-01-21T00:00",
                        List.of("2025-11-15T03:00", "2025-11-30T03:00", "2025-12-31T23:30", "2026-01-01T00:30",
                                "2026-01-20T03:00"),
                        List.of("2025-11-15T03:00 DELETE " + OLDER,
                                "2025-11-30T03:00 KEEP kept: monthly 2025-11",
                                "2025-12-31T23:30 KEEP kept: monthly 2025-12",
                                "2026-01-01T00:30 DELETE " + OLDER,
                                "2026-01-20T03:00 KEEP kept: monthly 2026-01 | " + NEWEST)),
                new Case("yearly keeps the last backup of each year",
                        rules(0, 0, 0, 0, 3, null, 0), "2026-03-02T00:00",
                        List.of("2024-06-01T03:00", "2024-12-31T23:59", "2025-01-01T00:00", "2025-07-01T03:00",
                                "2026-03-01T03:00"),
                        List.of("2024-06-01T03:00 DELETE " + OLDER,
                                "2024-12-31T23:59 KEEP kept: yearly 2024",
                                "2025-01-01T00:00 DELETE " + OLDER,
                                "2025-07-01T03:00 KEEP kept: yearly 2025",
                                "2026-03-01T03:00 KEEP kept: yearly 2026 | " + NEWEST)),
                new Case("rules are a union and a kept backup lists every rule that keeps it",
                        rules(2, 2, 1, 1, 1, null, 1), "2026-11-20T16:00",
                        List.of("2026-11-19T03:00", "2026-11-20T03:00", "2026-11-20T15:00"),
                        List.of("2026-11-19T03:00 KEEP kept: daily 2026-11-19",
                                "2026-11-20T03:00 KEEP kept: last 2 of 2",
                                "2026-11-20T15:00 KEEP kept: last 1 of 2 | kept: daily 2026-11-20 | kept: weekly 2026-W47"
                                        + " | kept: monthly 2026-11 | kept: yearly 2026 | kept: minKeep 1 | " + NEWEST)),
                new Case("maxAge deletes what GFS would keep; the cutoff itself is not exceeded",
                        rules(0, 10, 0, 0, 0, Duration.ofDays(5), 1), "2026-11-10T12:00",
                        List.of("2026-11-01T03:00", "2026-11-04T03:00", "2026-11-05T03:00", "2026-11-05T12:00",
                                "2026-11-06T03:00", "2026-11-10T03:00"),
                        List.of("2026-11-01T03:00 DELETE deleted: maxAge 5d exceeded",
                                "2026-11-04T03:00 DELETE deleted: maxAge 5d exceeded",
                                "2026-11-05T03:00 DELETE deleted: maxAge 5d exceeded",
                                "2026-11-05T12:00 KEEP kept: daily 2026-11-05",
                                "2026-11-06T03:00 KEEP kept: daily 2026-11-06",
                                "2026-11-10T03:00 KEEP kept: daily 2026-11-10 | kept: minKeep 1 | " + NEWEST)),
                new Case("maxAge is never applied to the newest minKeep backups",
                        rules(3, 10, 0, 0, 0, Duration.ofDays(5), 2), "2026-12-31T00:00",
                        List.of("2026-11-08T03:00", "2026-11-09T03:00", "2026-11-10T03:00"),
                        List.of("2026-11-08T03:00 DELETE deleted: maxAge 5d exceeded",
                                "2026-11-09T03:00 KEEP kept: minKeep 2",
                                "2026-11-10T03:00 KEEP kept: minKeep 2 | " + NEWEST)),
                new Case("maxAge with minKeep 0 still spares the newest backup",
                        rules(3, 10, 0, 0, 0, Duration.ofDays(5), 0), "2026-12-31T00:00",
                        List.of("2026-11-09T03:00", "2026-11-10T03:00"),
                        List.of("2026-11-09T03:00 DELETE deleted: maxAge 5d exceeded",
                                "2026-11-10T03:00 KEEP " + NEWEST)),
                new Case("maxAge 400d overrides yearly",
                        rules(0, 0, 0, 12, 5, Duration.ofDays(400), 1), "2026-11-21T00:00",
                        List.of("2025-01-01T03:00", "2026-01-01T03:00", "2026-11-20T03:00"),
                        List.of("2025-01-01T03:00 DELETE deleted: maxAge 400d exceeded",
                                "2026-01-01T03:00 KEEP kept: monthly 2026-01",
                                "2026-11-20T03:00 KEEP kept: monthly 2026-11 | kept: yearly 2026 | kept: minKeep 1 | "
                                        + NEWEST)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void plans(Case c) {
        List<CompletedBackup> backups = new ArrayList<>();
        // Newest first on input: the planner must sort by start time itself.
        for (int i = c.starts().size() - 1; i >= 0; i--) {
            backups.add(backup(c.starts().get(i), c.starts().get(i), Optional.empty()));
        }
        assertEquals(c.expected(), render(plan(backups, c.rules(), c.now())));
    }

    @Test
    void ordersByStartTimeNeverById() {
        List<CompletedBackup> backups = List.of(
                backup("alpha", "2026-11-21T03:00", Optional.empty()),
                backup("zeta", "2026-11-20T03:00", Optional.empty()),
                backup("mid", "2026-11-19T03:00", Optional.empty()));

        RetentionPlan plan = plan(backups, rules(1, 0, 0, 0, 0, null, 0), "2026-11-21T12:00");

        assertEquals(List.of(
                        "mid DELETE " + OLDER,
                        "zeta DELETE " + OLDER,
                        "alpha KEEP kept: last 1 of 1 | " + NEWEST),
                render(plan));
    }

    /**
     * Around the US switch to summer time (2026-03-08 07:00 UTC) New York days and weeks differ
     * from UTC ones: a planner using the host zone would keep B instead of A and put E in W10.
     */
    @Test
    void bucketsFollowUtcWhateverTheHostZone() {
        List<CompletedBackup> backups = Stream.of(
                        "2026-03-07T23:00", "2026-03-08T03:00", "2026-03-08T06:30", "2026-03-08T07:30", "2026-03-09T02:00")
                .map(start -> backup(start, start, Optional.empty()))
                .toList();
        List<String> expected = List.of(
                "2026-03-07T23:00 KEEP kept: daily 2026-03-07",
                "2026-03-08T03:00 DELETE " + OLDER,
                "2026-03-08T06:30 DELETE " + OLDER,
                "2026-03-08T07:30 KEEP kept: daily 2026-03-08 | kept: weekly 2026-W10",
                "2026-03-09T02:00 KEEP kept: daily 2026-03-09 | kept: weekly 2026-W11 | " + NEWEST);
        TimeZone original = TimeZone.getDefault();
        try {
            for (String zone : List.of("UTC", "America/New_York", "Pacific/Kiritimati", "Australia/Lord_Howe")) {
                TimeZone.setDefault(TimeZone.getTimeZone(zone));
                assertEquals(expected, render(plan(backups, rules(0, 3, 2, 0, 0, null, 0), "2026-03-09T12:00")), zone);
            }
        } finally {
            TimeZone.setDefault(original);
        }
    }

    static LogicalRetention rules(int last, int daily, int weekly, int monthly, int yearly, Duration maxAge, int minKeep) {
        return new LogicalRetention(last, daily, weekly, monthly, yearly, Optional.ofNullable(maxAge), minKeep);
    }

    static Instant at(String utc) {
        return LocalDateTime.parse(utc).toInstant(ZoneOffset.UTC);
    }

    static CompletedBackup backup(String id, String start, Optional<Boolean> verifyOk) {
        return CompletedBackup.logical(id, at(start), at(start).plus(Duration.ofMinutes(10)), verifyOk);
    }

    static RetentionPlan plan(List<CompletedBackup> backups, LogicalRetention rules, String now) {
        RetentionPolicy policy = new RetentionPolicy(Optional.of(rules), Optional.empty(), Duration.ofDays(1));
        return RetentionPlanner.plan(backups, List.of(), policy, at(now));
    }

    static List<String> render(RetentionPlan plan) {
        return plan.decisions().stream()
                .map(d -> d.id() + " " + d.action() + " " + String.join(" | ", d.reasons()))
                .toList();
    }
}
