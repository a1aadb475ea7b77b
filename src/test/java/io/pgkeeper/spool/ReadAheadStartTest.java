package io.pgkeeper.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.archive.WalArchive;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A base backup's recovery first probes for the next timeline's history file: when it is not
 * archived, that call (still "not archived") asks the get worker to start at backup_label's first
 * segment and puts that segment in the queue itself, checked, so that the next call is served from
 * the queue instead of starting a JVM.
 */
class ReadAheadStartTest {
    static final String FIRST = "000000010000000000000002";

    @TempDir
    Path tmp;
    SpoolFixture f;
    GetQueue queue;

    @AfterEach
    void dropQueue() throws IOException {
        SpoolFixture.dropQueue(queue);
    }

    @Test
    void theHistoryProbeStartsTheReadAheadAtTheBackupsFirstSegment() throws IOException {
        f = new SpoolFixture(tmp);
        Archiving a = f.archivingWith(FIRST, "000000010000000000000003");
        f.backupLabel(FIRST);
        Spool spool = a.spool().ensure(a.repository().files());
        queue = GetQueue.of(spool, GetQueue.host(), f.pgdata).orElseThrow();

        assertThrows(WalArchive.NotArchived.class, () -> a.get("00000002.history", f.pgdata.resolve("pg_wal/RECOVERYHISTORY"), Optional.of(spool.dir())),
                "the history file is still not archived: exit 1, as ever");
        assertEquals(Optional.of(FIRST), queue.requested(), "the worker is asked to read ahead from the backup's first segment");
        f.assertServed(queue, a, FIRST, "and it is in the queue already, checked when served");
    }

    @Test
    void withoutABackupLabelNothingStarts() throws IOException {
        f = new SpoolFixture(tmp);
        Archiving a = f.archivingWith(FIRST);
        Spool spool = a.spool().ensure(a.repository().files());
        queue = GetQueue.of(spool, GetQueue.host(), f.pgdata).orElseThrow();
        assertThrows(WalArchive.NotArchived.class, () -> a.get("00000002.history", f.pgdata.resolve("pg_wal/RECOVERYHISTORY"), Optional.of(spool.dir())));
        assertEquals(Optional.empty(), queue.requested());
        assertEquals(0, queue.entries().size());
    }
}
