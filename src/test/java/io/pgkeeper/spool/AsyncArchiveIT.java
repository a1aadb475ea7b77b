package io.pgkeeper.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgkeeper.testing.ArchivingPrimary;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.testing.TestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Asynchronous archive push on a real archiving primary, its archive_command set to the line
 * {@code archive command-line} prints: a bulk load of more than 200 segments (16 MB, as
 * production), the worker killed with SIGKILL at random moments of another load, a segment whose
 * name the archive already holds with other content, and what {@code status} and {@code check} say.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AsyncArchiveIT {
    static ArchivingPrimary p;
    static TestCluster pg;
    static Path spool;

    @BeforeAll
    static void start() {
        p = AsyncPrimary.start("");
        pg = p.server();
        spool = AsyncPrimary.spool(p);
    }

    @AfterAll
    static void stop() {
        if (p != null) {
            p.close();
        }
    }

    @Test
    @Order(1)
    void aBulkLoadOfMoreThan200SegmentsIsArchivedWholeWithoutAFailure() throws Exception {
        assertTrue(AsyncPrimary.archiveCommand(p).contains(" --spool " + spool + " %p"), AsyncPrimary.archiveCommand(p));
        long before = AsyncPrimary.archiverFailures(pg);
        String last = AsyncPrimary.bulkLoad(pg, 210);
        AsyncPrimary.waitArchived(pg, spool, pg.queryString("postgres", "SELECT pg_walfile_name(pg_switch_wal())"));
        AsyncPrimary.waitArchived(pg, spool, last);
        assertEquals(before, AsyncPrimary.archiverFailures(pg), "no archive_command failed during the load");
        assertEquals(List.of(), AsyncPrimary.damaged(p.walDir()), "every archived segment has the content its name records");
        assertEquals(List.of(), AsyncPrimary.unprovenAcks(spool, p.walDir()));
        Cli.Result check = p.run("archive", "check", "--json");
        assertEquals(0, check.exitCode(), check::toString);
        long segments;
        try (var s = Files.list(p.walDir())) {
            segments = s.filter(f -> f.getFileName().toString().matches("00000001[0-9A-F]{16}-[0-9a-f]{64}.*")).count();
        }
        assertTrue(segments > 200, "segments archived: " + segments);
        assertTrue(Files.readString(spool.resolve("push/worker.log")).contains("archive worker"), "the worker did the pushing");
    }

    @Test
    @Order(2)
    void aWorkerKilledAtRandomMomentsLeavesNoAcknowledgementOfWhatIsNotArchived() throws Exception {
        Random random = new Random(17);
        AtomicInteger kills = new AtomicInteger();
        Thread killer = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                AsyncPrimary.sleep(300 + random.nextInt(1500));
                WorkerLock.livePid(spool.resolve("push/worker.pid")).flatMap(ProcessHandle::of).ifPresent(h -> {
                    if (h.destroyForcibly()) {
                        kills.incrementAndGet();
                    }
                });
            }
        });
        killer.setDaemon(true);
        killer.start();
        String last;
        try {
            last = AsyncPrimary.bulkLoad(pg, 40);
        } finally {
            killer.interrupt();
            killer.join();
        }
        assertTrue(kills.get() > 0, "the worker was killed at least once; spool: " + AsyncPrimary.listing(spool.resolve("push")));
        assertEquals(List.of(), AsyncPrimary.unprovenAcks(spool, p.walDir()), "right after the kills");
        AsyncPrimary.waitArchived(pg, spool, pg.queryString("postgres", "SELECT pg_walfile_name(pg_switch_wal())"));
        AsyncPrimary.waitArchived(pg, spool, last);
        assertEquals(List.of(), AsyncPrimary.damaged(p.walDir()));
        assertEquals(List.of(), AsyncPrimary.unprovenAcks(spool, p.walDir()));
        Cli.Result check = p.run("archive", "check");
        assertEquals(0, check.exitCode(), check::toString);
    }

    @Test
    @Order(3)
    void aSegmentTheArchiveHoldsWithOtherContentFailsArchiveCommandAndIsNeverAcknowledged() throws Exception {
        pg.execute("postgres", "CHECKPOINT");
        String next = pg.queryString("postgres", "SELECT pg_walfile_name(pg_current_wal_lsn())");
        String foreign = next + "-" + "0".repeat(64);
        Path planted = p.walDir().resolve(foreign);
        Files.write(planted, "not this cluster's segment".getBytes(StandardCharsets.US_ASCII));
        long failures = AsyncPrimary.archiverFailures(pg);
        pg.execute("postgres", "INSERT INTO bulk VALUES (1, 'x')", "SELECT pg_switch_wal()");
        for (int i = 0; i < 1200 && AsyncPrimary.archiverFailures(pg) == failures; i++) {
            AsyncPrimary.sleep(100);
        }
        assertTrue(AsyncPrimary.archiverFailures(pg) > failures, "archive_command failed for " + next);
        assertEquals(next, pg.queryString("postgres", "SELECT last_failed_wal FROM pg_stat_archiver"));
        assertFalse(Files.exists(spool.resolve("push/" + next + ".ok")), "no acknowledgement of a refused segment");
        assertTrue(pg.server().logTail(200).stream().anyMatch(l -> l.contains("refusing to archive " + next)),
                () -> String.join("\n", pg.server().logTail(40)));

        Optional<JsonNode> spoolFinding = Optional.empty();
        for (int i = 0; i < 300 && spoolFinding.isEmpty(); i++) {
            Cli.Result status = p.run("status", "--json");
            for (JsonNode o : AsyncPrimary.json(status.out()).path("objectives")) {
                if (o.path("name").asText().equals("archive spool") && !o.path("met").asBoolean(true)) {
                    spoolFinding = Optional.of(o);
                }
            }
            AsyncPrimary.sleep(100);
        }
        assertTrue(spoolFinding.isPresent(), "status shows the error record");
        assertTrue(spoolFinding.get().toString().contains("refusing to archive " + next), spoolFinding.get()::toString);

        Files.delete(planted);
        AsyncPrimary.waitArchived(pg, spool, next);
        assertEquals(List.of(), AsyncPrimary.unprovenAcks(spool, p.walDir()));
    }

    @Test
    @Order(4)
    void checkAndStatusReportTheSpool() {
        pg.switchWalAndWaitArchived();
        Cli.Result check = p.run("check", "--json");
        JsonNode finding = null;
        for (JsonNode f : AsyncPrimary.json(check.out()).path("findings")) {
            if (f.path("name").asText().equals("archive spool")) {
                finding = f;
            }
        }
        assertTrue(finding != null, check::toString);
        assertEquals("ok", finding.path("level").asText(), finding::toString);
        Cli.Result status = p.run("status");
        assertTrue(status.out().contains("archive spool"), status::toString);
    }
}
