package io.pgkeeper.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StderrLevelTest {

    @Test
    void warningsOfTheToolsAndOfTheServerAreWarnings() {
        assertEquals(StderrLevel.WARN, StderrLevel.of("WARNING:  checksum verification failed in file \"./base/5/1259\", block 0"));
        assertEquals(StderrLevel.WARN, StderrLevel.of("pg_basebackup: warning: could not fsync file"));
        assertEquals(StderrLevel.WARN, StderrLevel.of("pg_dump: warning: there are circular foreign-key constraints"));
    }

    @Test
    void everythingElseIsInformation() {
        assertEquals(StderrLevel.INFO, StderrLevel.of("pg_dump: error: query failed: ERROR:  permission denied for table t"));
        assertEquals(StderrLevel.INFO, StderrLevel.of("pg_basebackup: initiating base backup, waiting for checkpoint to complete"));
        assertEquals(StderrLevel.INFO, StderrLevel.of("NOTICE:  table \"warning\" does not exist, skipping"));
    }
}
