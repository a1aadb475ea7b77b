package io.pgkeeper.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The foreground of an asynchronous push whose worker never acknowledges (hung on a slow
 * repository): the call fails (exit 1, PostgreSQL keeps the segment and retries) once its bounded
 * wait is over, and nothing is acknowledged. The clock jumps a second per reading, so the wait
 * is over in a few iterations; nothing here measures time.
 */
class AsyncPushTimeoutTest {
    static final String NAME = "000000010000000000000007";

    @TempDir
    Path tmp;

    /** A clock that moves one second forward each time it is read. */
    static final class Stepping extends Clock {
        private Instant now = Instant.parse("2026-12-01T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public synchronized Instant instant() {
            now = now.plus(Duration.ofSeconds(1));
            return now;
        }
    }

    @Test
    void aWorkerThatNeverAcknowledgesFailsTheCallAfterTheWaitAndAcknowledgesNothing() throws Exception {
        SpoolFixture f = new SpoolFixture(tmp);
        Path seg = f.segment(NAME, SpoolFixture.SYSID);
        Archiving a = f.archiving(new Stepping());
        Spool spool = a.spool().ensure(a.repository().files());
        // a live "worker" that holds the lock and pushes nothing: the call joins it rather than start another
        try (WorkerLock hung = WorkerLock.tryAcquire(spool.pushWorker("worker.lock"), null).orElseThrow()) {
            PgKeeperException e = assertThrows(PgKeeperException.class, () -> new AsyncPush(a, spool).push(seg));
            assertEquals(ExitCode.FAILED, e.exitCode());
            assertTrue(e.getMessage().contains("did not archive " + NAME + " within " + AsyncPush.WAIT.toSeconds() + "s"), e.getMessage());
        }
        assertFalse(Files.exists(spool.ack(NAME)));
        assertTrue(a.archive().find(NAME).isEmpty(), "nothing was archived either");
    }
}
