package io.pgkeeper.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.testing.Amcheck;
import io.pgkeeper.testing.ArchivingPrimary;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.Copy;
import io.pgkeeper.testing.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A failover chain into one repository, as production lives it: B1 of the primary on timeline 1;
 * the primary dies; B1 is restored as the new primary with --archive and promotes to timeline 2,
 * which it archives into the same repository; B2 is taken of it. Then the old primary comes back
 * for a while and archives more of timeline 1 past the fork. Restores must follow timeline 2
 * (and never the old primary's late WAL), PITR must work on timeline 2, and archive check must
 * find a segment missing on timeline 2 although timeline 1 has one at that position.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverChainIT {
    static ArchivingPrimary old;
    static Copy newPrimary;
    static String b1;
    static String b2;
    static String timeOnTl2;
    static String timeAfterB2;

    @BeforeAll
    static void setUp() throws Exception {
        old = ArchivingPrimary.start();
        TestCluster pg = old.server();
        pg.execute("postgres", "CREATE TABLE t(batch text, n int)", "INSERT INTO t SELECT 'before', g FROM generate_series(1, 100) g");
        b1 = old.basebackup();
        pg.execute("postgres", "INSERT INTO t SELECT 'A', g FROM generate_series(1, 100) g");
        pg.switchWalAndWaitArchived();
        pg.server().stop(); // the primary dies

        Path dir = old.dir().resolve("new-primary");
        int port = Copy.freePort();
        Cli.Result r = old.pgkeeper("restore", "--backup", b1, "--pgdata", dir.toString(), "--archive", "--start", "--port", Integer.toString(port));
        assertTrue(r.out().contains("recovery promoted") && r.out().contains("now on timeline 2"), r::toString);
        assertTrue(r.out().contains("archiving: as the backup's configuration says"), r::toString);
        newPrimary = new Copy(dir, port);
        newPrimary.execute("postgres", "INSERT INTO t SELECT 'C', g FROM generate_series(1, 100) g");
        Thread.sleep(1100);
        timeOnTl2 = newPrimary.queryString("postgres", "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
        Thread.sleep(1100);
        newPrimary.execute("postgres", "INSERT INTO t SELECT 'D', g FROM generate_series(1, 100) g");
        newPrimary.switchWalAndWaitArchived();
        newPrimary.execute("postgres", "CREATE TABLE filler AS SELECT 1 AS x");
        newPrimary.switchWalAndWaitArchived();

        old.policy(port, "");
        b2 = old.basebackup();
        newPrimary.execute("postgres", "INSERT INTO t SELECT 'E1', g FROM generate_series(1, 100) g");
        Thread.sleep(1100);
        timeAfterB2 = newPrimary.queryString("postgres", "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
        Thread.sleep(1100);
        newPrimary.execute("postgres", "INSERT INTO t SELECT 'E2', g FROM generate_series(1, 100) g");
        newPrimary.switchWalAndWaitArchived();

        // the old primary comes back on timeline 1 and archives past the fork point (split brain)
        pg.server().start();
        for (int i = 0; i < 4; i++) {
            pg.execute("postgres", "INSERT INTO t SELECT 'junk', g FROM generate_series(1, 10) g");
            pg.switchWalAndWaitArchived();
        }
        pg.server().stop();
    }

    @AfterAll
    static void tearDown() {
        if (newPrimary != null) {
            newPrimary.close();
        }
        if (old != null) {
            old.close();
        }
    }

    private static long count(Copy c, String batch) {
        return c.queryLong("postgres", "SELECT count(*) FROM t WHERE batch = '" + batch + "'");
    }

    private static Copy restore(String name, String... args) {
        Path dir = old.dir().resolve("restored-" + name);
        int port = Copy.freePort();
        String[] all = Stream.concat(Stream.of("restore", "--pgdata", dir.toString(), "--start", "--port", Integer.toString(port)), Stream.of(args))
                .toArray(String[]::new);
        Cli.Result r = old.pgkeeper(all);
        assertTrue(r.out().contains("recovery promoted"), r::toString);
        return new Copy(dir, port);
    }

    @Test
    @Order(1)
    void archiveCheckFollowsBothTimelines() {
        Cli.Result r = old.run("archive", "check");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("timeline 2:"), r::toString);
    }

    @Test
    @Order(2)
    void b2RestoredToTheEndHasEveryTransactionOfBothTimelinesAndNothingOfTheOldPrimarysLateWal() {
        try (Copy c = restore("b2-end", "--backup", b2)) {
            for (String batch : List.of("before", "A", "C", "D", "E1", "E2")) {
                assertEquals(100, count(c, batch), batch + "\n" + c.log());
            }
            assertEquals(0, count(c, "junk"));
            Amcheck.check(c.port());
        }
    }

    @Test
    @Order(3)
    void b1RestoredToTheEndFollowsTimelineTwoNotTheOldPrimary() {
        try (Copy c = restore("b1-end", "--backup", b1)) {
            assertEquals(100, count(c, "E2"), c::log);
            assertEquals(0, count(c, "junk"));
            Amcheck.check(c.port());
        }
    }

    @Test
    @Order(4)
    void pointInTimeRecoveryOnTimelineTwo() {
        try (Copy c = restore("pitr-tl2", "--backup", b2, "--target-time", timeAfterB2)) {
            assertEquals(100, count(c, "E1"), c::log);
            assertEquals(0, count(c, "E2"));
            Amcheck.check(c.port());
        }
        // a target on timeline 2 before B2 ended: the newest backup that ended before it is B1, on timeline 1
        try (Copy c = restore("pitr-across", "--target-time", timeOnTl2)) {
            assertEquals(100, count(c, "C"), c::log);
            assertEquals(0, count(c, "D"));
            assertEquals(100, count(c, "A"));
            Amcheck.check(c.port());
        }
    }

    @Test
    @Order(5)
    void aNamedBackupThatEndedAfterTheTargetIsRefusedAndNothingIsChanged() {
        Path dir = old.dir().resolve("refused");
        Cli.Result r = old.run("restore", "--backup", b2, "--pgdata", dir.toString(), "--target-time", timeOnTl2);
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("backup " + b2 + " finished at ") && r.err().contains("after the target time"), r::toString);
        assertTrue(!Files.exists(dir));
    }

    @Test
    @Order(6)
    void aSegmentMissingOnTimelineTwoIsFoundAlthoughTimelineOneHasOneThere() throws Exception {
        String victim;
        try (Stream<Path> s = Files.list(old.walDir())) {
            List<String> tl2 = s.map(p -> p.getFileName().toString()).filter(n -> n.matches("00000002[0-9A-F]{16}-.*")).sorted().toList();
            // a middle one whose position timeline 1 also holds
            victim = tl2.stream().filter(n -> {
                try (Stream<Path> t = Files.list(old.walDir())) {
                    return t.anyMatch(p -> p.getFileName().toString().startsWith("00000001" + n.substring(8, 24) + "-"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).filter(n -> !n.equals(tl2.get(tl2.size() - 1))).findFirst().orElseThrow(() -> new AssertionError("no shared position: " + tl2));
        }
        Path aside = old.dir().resolve(victim + ".aside");
        Files.move(old.walDir().resolve(victim), aside);
        try {
            Cli.Result r = old.run("archive", "check");
            assertEquals(3, r.exitCode(), r::toString);
            assertTrue(r.out().contains("GAP on timeline 2: " + victim.substring(0, 24)), r::toString);
        } finally {
            Files.move(aside, old.walDir().resolve(victim));
        }
    }
}
