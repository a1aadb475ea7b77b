package io.pgkeeper.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.error.ToolFailedException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** pg_basebackup's stderr on a checksum failure, as PostgreSQL 15 prints it. */
class ChecksumFailureTest {
    static final List<String> STDERR = List.of(
            "WARNING:  checksum verification failed in file \"./base/16384/16385\", block 0: calculated 5D3B but expected 9C2A",
            "WARNING:  checksum verification failed in file \"./base/16384/16385\", block 7: calculated 1111 but expected 2222",
            "WARNING:  file \"./base/16384/16385\" has a total of 2 checksum verification failures",
            "pg_basebackup: error: could not get COPY data stream: ERROR:  checksum verification failure during base backup",
            "pg_basebackup: removing contents of data directory \"/repo/main/physical/20261121T030000Z\"");

    private static ToolFailedException failed(List<String> stderr) {
        return new ToolFailedException("pg_basebackup of cluster main failed: pg_basebackup exited with 1", "see above", "pg_basebackup", 1, stderr);
    }

    @Test
    void namesTheFirstDamagedPageTheTableAndThatNothingWasKept() {
        ToolFailedException e = ChecksumFailure.of(failed(STDERR), "main", "db1:5432", f -> Optional.of("table public.orders of database app"))
                .orElseThrow();
        assertEquals("pg_basebackup of cluster main found data corruption on the source server db1:5432: a data checksum does not match"
                + " in file ./base/16384/16385, block 0 (table public.orders of database app), and 1 more page(s) named in the log above."
                + " The base backup was not kept", e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("pg_amcheck"));
        assertEquals("pg_basebackup", e.tool());
        assertEquals(STDERR, e.stderrTail());
        assertEquals(List.of(new ChecksumFailure.Page("./base/16384/16385", 0), new ChecksumFailure.Page("./base/16384/16385", 7)),
                ChecksumFailure.pages(STDERR));
    }

    @Test
    void withoutThePageLinesTheTotalsAreNamed() {
        ToolFailedException e = ChecksumFailure.of(failed(STDERR.subList(2, 4)), "main", "db1:5432", f -> Optional.empty()).orElseThrow();
        assertTrue(e.getMessage().contains("(./base/16384/16385: 2 failures)"), e::getMessage);
    }

    @Test
    void otherFailuresAreLeftAlone() {
        assertEquals(Optional.empty(), ChecksumFailure.of(failed(List.of("pg_basebackup: error: connection to server at \"127.0.0.1\" failed:"
                + " FATAL:  no pg_hba.conf entry for replication connection")), "main", "x", f -> Optional.empty()));
    }
}
