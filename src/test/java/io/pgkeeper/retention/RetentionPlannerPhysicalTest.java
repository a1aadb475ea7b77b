package io.pgkeeper.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgkeeper.policy.PhysicalRetention;
import io.pgkeeper.policy.RetentionPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetentionPlannerPhysicalTest {
    private static final String NEWEST = "kept: newest completed backup";
    private static final String OLDER = "deleted: older than every rule";
    private static final String BASE = "kept: base of a kept incremental backup";

    @Test
    void keepFullKeepsTheNewestFullBackups() {
        List<CompletedBackup> backups = List.of(
                full("2026-11-01T03:00", 1, 0x02),
                full("2026-11-02T03:00", 1, 0x04),
                full("2026-11-03T03:00", 1, 0x06),
                full("2026-11-04T03:00", 1, 0x08));

        RetentionPlan plan = plan(backups, new PhysicalRetention(2, Optional.empty(), 0), "2026-11-04T12:00");

        assertEquals(List.of(
                        "2026-11-01T03:00 DELETE " + OLDER,
                        "2026-11-02T03:00 DELETE " + OLDER,
                        "2026-11-03T03:00 KEEP kept: full 2 of 2",
                        "2026-11-04T03:00 KEEP kept: full 1 of 2 | " + NEWEST),
                render(plan));
        assertEquals(Optional.of(segment(1, 0x06)), plan.walKeepFrom());
    }

    @Test
    void recoveryWindowKeepsTheBackupBeforeItOpensAndEverythingAfter() {
        List<CompletedBackup> backups = new ArrayList<>();
        for (int day = 1; day <= 10; day++) {
            backups.add(full(String.format("2026-11-%02dT03:00", day), 1, day * 2));
        }

        // The window opens 2026-11-07T12:00, after the 7th's backup finished.
        RetentionPlan plan = plan(backups, new PhysicalRetention(1, Optional.of(Duration.ofDays(3)), 1), "2026-11-10T12:00");

        List<String> expected = new ArrayList<>();
        for (int day = 1; day <= 6; day++) {
            expected.add(String.format("2026-11-%02dT03:00 DELETE %s", day, OLDER));
        }
        expected.add("2026-11-07T03:00 KEEP kept: recovery window 3d");
        expected.add("2026-11-08T03:00 KEEP kept: recovery window 3d");
        expected.add("2026-11-09T03:00 KEEP kept: recovery window 3d");
        expected.add("2026-11-10T03:00 KEEP kept: full 1 of 1 | kept: recovery window 3d | kept: minKeep 1 | " + NEWEST);
        assertEquals(expected, render(plan));
        assertEquals(Optional.of(segment(1, 14)), plan.walKeepFrom());
    }

    @Test
    void aBackupStillRunningWhenTheWindowOpensCannotAnchorIt() {
        // Started before the window opened (12:00) but only consistent at 12:20, so the moment
        // 12:00 needs the backup before it.
        List<CompletedBackup> backups = List.of(
                full("2026-11-05T03:00", 1, 0x10),
                full("2026-11-06T03:00", 1, 0x20),
                CompletedBackup.physical("2026-11-07T11:50", at("2026-11-07T11:50"), at("2026-11-07T12:20"),
                        Optional.empty(), segment(1, 0x30), true));

        RetentionPlan plan = plan(backups, new PhysicalRetention(0, Optional.of(Duration.ofDays(3)), 0), "2026-11-10T12:00");

        assertEquals(List.of(
                        "2026-11-05T03:00 DELETE " + OLDER,
                        "2026-11-06T03:00 KEEP kept: recovery window 3d",
                        "2026-11-07T11:50 KEEP kept: recovery window 3d | " + NEWEST),
                render(plan));
        assertEquals(Optional.of(segment(1, 0x20)), plan.walKeepFrom());
    }

    @Test
    void whenNoBackupIsOlderThanTheWindowAllAreKept() {
        List<CompletedBackup> backups = List.of(
                full("2026-11-09T03:00", 1, 0x10),
                full("2026-11-10T03:00", 1, 0x20));

        RetentionPlan plan = plan(backups, new PhysicalRetention(0, Optional.of(Duration.ofDays(7)), 0), "2026-11-10T12:00");

        assertEquals(List.of(
                        "2026-11-09T03:00 KEEP kept: recovery window 7d",
                        "2026-11-10T03:00 KEEP kept: recovery window 7d | " + NEWEST),
                render(plan));
    }

    @Test
    void aBackupThatFailedVerificationCannotAnchorTheWindow() {
        List<CompletedBackup> backups = List.of(
                full("2026-11-04T03:00", 1, 0x08),
                full("2026-11-05T03:00", 1, 0x10),
                CompletedBackup.physical("2026-11-06T03:00", at("2026-11-06T03:00"), at("2026-11-06T03:30"),
                        Optional.of(false), segment(1, 0x20), true),
                full("2026-11-08T03:00", 1, 0x30));

        RetentionPlan plan = plan(backups, new PhysicalRetention(0, Optional.of(Duration.ofDays(1)), 0), "2026-11-08T12:00");

        assertEquals(List.of(
                        "2026-11-04T03:00 DELETE " + OLDER,
                        "2026-11-05T03:00 KEEP kept: recovery window 1d",
                        "2026-11-06T03:00 KEEP kept: recovery window 1d",
                        "2026-11-08T03:00 KEEP kept: recovery window 1d | " + NEWEST),
                render(plan));
    }

    @Test
    void aKeptIncrementalBackupKeepsEverythingBackToItsFull() {
        List<CompletedBackup> backups = List.of(
                full("2026-11-01T03:00", 1, 0x10),
                incremental("2026-11-02T03:00", 0x20),
                incremental("2026-11-03T03:00", 0x30),
                full("2026-11-04T03:00", 1, 0x40),
                incremental("2026-11-05T03:00", 0x50));

        RetentionPlan keepFull = plan(backups, new PhysicalRetention(1, Optional.empty(), 0), "2026-11-05T12:00");

        assertEquals(List.of(
                        "2026-11-01T03:00 DELETE " + OLDER,
                        "2026-11-02T03:00 DELETE " + OLDER,
                        "2026-11-03T03:00 DELETE " + OLDER,
                        "2026-11-04T03:00 KEEP kept: full 1 of 1 | " + BASE,
                        "2026-11-05T03:00 KEEP " + NEWEST),
                render(keepFull));
        assertEquals(Optional.of(segment(1, 0x40)), keepFull.walKeepFrom());

        // The window opens 2026-11-03T12:00: its anchor is an incremental backup.
        RetentionPlan window = plan(backups, new PhysicalRetention(0, Optional.of(Duration.ofDays(2)), 0), "2026-11-05T12:00");

        assertEquals(List.of(
                        "2026-11-01T03:00 KEEP " + BASE,
                        "2026-11-02T03:00 KEEP " + BASE,
                        "2026-11-03T03:00 KEEP kept: recovery window 2d",
                        "2026-11-04T03:00 KEEP kept: recovery window 2d | " + BASE,
                        "2026-11-05T03:00 KEEP kept: recovery window 2d | " + NEWEST),
                render(window));
        assertEquals(Optional.of(segment(1, 0x10)), window.walKeepFrom());
    }

    @Test
    void walKeepFromFollowsTheOldestKeptBackupAcrossTimelines() {
        // After a promotion the newer backups run on timeline 2.
        List<CompletedBackup> backups = List.of(
                full("2026-11-01T03:00", 1, 0x10),
                full("2026-11-02T03:00", 2, 0x30),
                full("2026-11-03T03:00", 2, 0x50));

        RetentionPlan plan = plan(backups, new PhysicalRetention(2, Optional.empty(), 0), "2026-11-03T12:00");

        assertEquals(Optional.of("000000020000000000000030"), plan.walKeepFrom());
        List<String> archive = List.of(
                "00000001000000000000002F",
                "000000010000000000000030.partial",
                "00000002.history",
                "000000020000000000000030",
                "000000020000000000000030.00000028.backup",
                "00000002000000000000002F.00000060.backup");
        assertEquals(List.of("00000001000000000000002F", "00000002000000000000002F.00000060.backup"),
                WalExpiry.deletable(archive, plan.walKeepFrom().orElseThrow()));
    }

    @Test
    void noWalIsDeletedWhenAKeptBackupDoesNotSayWhereItStarts() {
        List<CompletedBackup> backups = List.of(
                full("2026-11-01T03:00", 1, 0x10),
                new CompletedBackup("2026-11-02T03:00", RetentionKind.PHYSICAL, at("2026-11-02T03:00"),
                        at("2026-11-02T03:30"), Optional.empty(), Optional.empty(), Optional.empty()));

        RetentionPlan plan = plan(backups, new PhysicalRetention(2, Optional.empty(), 0), "2026-11-03T12:00");

        assertEquals(List.of(
                        "2026-11-01T03:00 KEEP kept: full 2 of 2",
                        "2026-11-02T03:00 KEEP kept: full 1 of 2 | " + NEWEST),
                render(plan));
        assertEquals(Optional.empty(), plan.walKeepFrom());
    }

    @Test
    void noPhysicalBackupsMeansNoWalKeepFrom() {
        RetentionPlan plan = plan(List.of(), new PhysicalRetention(1, Optional.of(Duration.ofDays(7)), 1), "2026-11-03T12:00");

        assertEquals(Optional.empty(), plan.walKeepFrom());
    }

    static String segment(int timeline, int segment) {
        return String.format("%08X%08X%08X", timeline, 0, segment);
    }

    static Instant at(String utc) {
        return LocalDateTime.parse(utc).toInstant(ZoneOffset.UTC);
    }

    static CompletedBackup full(String start, int timeline, int segment) {
        return CompletedBackup.physical(start, at(start), at(start).plus(Duration.ofMinutes(30)), Optional.of(true),
                segment(timeline, segment), true);
    }

    static CompletedBackup incremental(String start, int segment) {
        return CompletedBackup.physical(start, at(start), at(start).plus(Duration.ofMinutes(5)), Optional.of(true),
                segment(1, segment), false);
    }

    static RetentionPlan plan(List<CompletedBackup> backups, PhysicalRetention rules, String now) {
        RetentionPolicy policy = new RetentionPolicy(Optional.empty(), Optional.of(rules), Duration.ofDays(1));
        return RetentionPlanner.plan(backups, List.of(), policy, at(now));
    }

    static List<String> render(RetentionPlan plan) {
        return plan.decisions().stream()
                .map(d -> d.id() + " " + d.action() + " " + String.join(" | ", d.reasons()))
                .toList();
    }
}
