package io.pgkeeper.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.archive.Compression;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What restore prepares before the copy's server starts ({@link EarlyReadAhead}): the backup's
 * first segment in the data directory's queue, checked; the next timeline's history file recorded
 * not archived, for the launcher; the worker asked to read ahead from there. And the worker's
 * renewal of that record ({@link AbsentProbe#renewHistories}), which never outlives the archive's
 * own answer.
 */
class EarlyReadAheadTest {
    static final String FIRST = "000000010000000000000002";
    static final String HISTORY = "00000002.history";

    @TempDir
    Path tmp;
    SpoolFixture f;
    GetQueue queue;

    @AfterEach
    void dropQueue() throws IOException {
        SpoolFixture.dropQueue(queue);
    }

    @Test
    void thePlanFollowsTheBackupsFirstSegment() {
        EarlyReadAhead.Plan p = EarlyReadAhead.Plan.of("00000003000000010000000F", 16L << 20, 2);
        assertEquals("00000004.history", p.nextHistory());
        assertEquals(List.of("000000030000000100000010", "000000030000000100000011"), p.ahead());
        EarlyReadAhead.Plan small = EarlyReadAhead.Plan.of("000000010000000000000003", 1L << 30, 1);
        assertEquals(List.of("000000010000000100000000"), small.ahead(), "1 GB segments: 4 per xlogid");
    }

    @Test
    void restorePutsTheFirstSegmentInTheQueueAndRecordsTheNextHistoryAbsent() throws IOException {
        f = new SpoolFixture(tmp);
        Archiving a = f.archivingWith(FIRST, "000000010000000000000003");
        f.backupLabel(FIRST);
        queue = GetQueue.of(a.spool(), GetQueue.host(), f.pgdata.toRealPath()).orElseThrow();

        EarlyReadAhead.prepare(a);

        assertEquals(Optional.of(FIRST), queue.requested(), "the worker keeps the first segment and reads ahead after it");
        String record = Files.readString(queue.dir().resolve(HISTORY + AbsentRecords.SUFFIX), StandardCharsets.US_ASCII);
        assertTrue(record.startsWith(AbsentRecords.HEADER + "\n") && record.contains("system " + SpoolFixture.SYSID + "\n"), record);
        assertTrue(Files.exists(a.spool().binding()), "the binding the shell reads is there before any Java call of the server's");
        assertTrue(queue.entries().stream().anyMatch(e -> e.wal().equals(FIRST) && e.crcAndSize().isPresent()),
                "named with the CRC and size the launcher checks: " + queue.entries());
        f.assertServed(queue, a, FIRST, "the first segment is in the queue, checked when served");
    }

    @Test
    void aNextTimelineInTheArchivePreparesNothing() throws IOException {
        f = new SpoolFixture(tmp);
        Archiving a = f.archivingWith(FIRST);
        archiveNextHistory(a);
        f.backupLabel(FIRST);
        queue = GetQueue.of(a.spool(), GetQueue.host(), f.pgdata.toRealPath()).orElseThrow();

        EarlyReadAhead.prepare(a);

        assertFalse(Files.exists(queue.dir()), "recovery follows timeline 2 and asks for its files first: no queue");
    }

    @Test
    void withoutAsyncOrWithoutABackupLabelNothingIsPrepared() throws IOException {
        f = new SpoolFixture(tmp);
        Archiving a = f.archivingWith(FIRST);
        queue = GetQueue.of(a.spool(), GetQueue.host(), f.pgdata.toRealPath()).orElseThrow();
        EarlyReadAhead.prepare(a);
        assertFalse(Files.exists(queue.dir()), "no backup_label");

        f.backupLabel(FIRST);
        f.writePolicy("      getQueueSize: 0\n");
        EarlyReadAhead.prepare(f.archiving());
        assertFalse(Files.exists(queue.dir()), "getQueueSize 0: no read-ahead");
    }

    @Test
    void theWorkerRenewsAHistoryRecordOnlyWhileTheArchiveHasNoSuchFile() throws IOException {
        f = new SpoolFixture(tmp);
        Archiving a = f.archivingWith(FIRST);
        Spool spool = a.spool().ensure(a.repository().files());
        new AsyncPush(a, spool).storeBinding();
        queue = GetQueue.of(spool, GetQueue.host(), f.pgdata.toRealPath()).orElseThrow();
        Files.createDirectories(queue.dir());
        AbsentRecords.Scope scope = AbsentProbe.scope(a, spool).orElseThrow();
        Instant old = Instant.now().minusSeconds(60);
        AbsentRecords.write(queue.dir(), HISTORY, scope, old);
        Path rec = queue.dir().resolve(HISTORY + AbsentRecords.SUFFIX);

        AbsentProbe.renewHistories(a, queue.dir(), scope);
        long probed = Long.parseLong(Files.readAllLines(rec).get(1).substring("probed ".length()));
        assertTrue(probed > old.toEpochMilli() && probed <= Instant.now().toEpochMilli(), "probed anew: " + probed);

        archiveNextHistory(a);
        AbsentProbe.renewHistories(a, queue.dir(), scope);
        assertFalse(Files.exists(rec), "archived now: the record goes, and the call goes to Java");
    }

    /** Timeline 2's history file, as a promotion of timeline 1 writes and archives it. */
    private void archiveNextHistory(Archiving a) throws IOException {
        a.archive().push(Files.writeString(f.pgdata.resolve("pg_wal").resolve(HISTORY), "1\t0/3000000\tno recovery target specified\n"),
                Compression.ZSTD);
    }
}
