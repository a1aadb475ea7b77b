package io.pgkeeper.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** archive.async and its keys: defaults, sizes as postgresql.conf writes them, and what is refused where. */
class ArchiveAsyncPolicyTest {
    @TempDir
    Path dir;

    PolicyFiles files;

    @BeforeEach
    void setUp() {
        files = new PolicyFiles(dir);
    }

    @Test
    void defaultsAreSynchronous() {
        ArchivePolicy a = files.load(PolicyValidationTest.main("connection: {}\n")).cluster(Optional.empty()).archive();
        assertFalse(a.async());
        assertFalse(a.readAhead());
        assertEquals(2, a.processMax());
        assertEquals(Optional.empty(), a.spoolDir());
        assertEquals(256L << 20, a.getQueueSize());
        assertEquals(1L << 30, a.backlogWarning());
    }

    @Test
    void theIssuesExampleReads() {
        ArchivePolicy a = files.load(PolicyValidationTest.main("""
                archive:
                  compress: none
                  async: true
                  processMax: 4
                  spoolDir: /var/lib/pgkeeper/spool/main
                  getQueueSize: 256MB
                  backlogWarning: 2GiB
                """)).cluster(Optional.empty()).archive();
        assertTrue(a.async());
        assertTrue(a.readAhead());
        assertEquals(4, a.processMax());
        assertEquals(Optional.of(Path.of("/var/lib/pgkeeper/spool/main")), a.spoolDir());
        assertEquals(256L << 20, a.getQueueSize());
        assertEquals(2L << 30, a.backlogWarning());
    }

    @Test
    void sizesAreWholeNumbersWithPostgresUnits() {
        assertEquals(Optional.of(16L << 20), SizeType.parse("16MB"));
        assertEquals(Optional.of(512L << 10), SizeType.parse("512kB"));
        assertEquals(Optional.of(1L << 40), SizeType.parse("1TB"));
        assertEquals(Optional.of(100L), SizeType.parse("100"));
        assertEquals(Optional.of(0L), SizeType.parse("0"));
        assertEquals(Optional.empty(), SizeType.parse("1.5GB"));
        assertEquals(Optional.empty(), SizeType.parse("-1MB"));
        assertEquals(Optional.empty(), SizeType.parse("16 parsecs"));
        assertEquals(Optional.empty(), SizeType.parse("99999999999TB"));
        assertEquals("256MB", new SizeType(0).spell(256L << 20));
        assertEquals("1GB", new SizeType(0).spell(1L << 30));
        assertEquals("100B", new SizeType(0).spell(100L));
        ArchivePolicy off = files.load(PolicyValidationTest.main("archive: {async: true, getQueueSize: 0}\n")).cluster(Optional.empty()).archive();
        assertTrue(off.async());
        assertFalse(off.readAhead(), "getQueueSize 0 turns read-ahead off");
    }

    @Test
    void badValuesAreReportedWhereTheyAre() {
        files.assertOnlyProblem(PolicyValidationTest.main("archive:\n  getQueueSize: 1.5GB\n"), 7, 21,
                "clusters.main.archive.getQueueSize must be a size such as 16MB, 256MB, 1GB or 512kB (got '1.5GB')");
        files.assertOnlyProblem(PolicyValidationTest.main("archive:\n  async: yes\n"), 7, 14,
                "clusters.main.archive.async must be true or false (got 'yes')");
        files.assertOnlyProblem(PolicyValidationTest.main("archive:\n  processMax: 0\n"), 7, 19,
                "clusters.main.archive.processMax must be between 1 and 32 (got 0)");
    }

    @Test
    void asyncIsRefusedWithThePgBackRestEngine() {
        files.assertOnlyProblem(PolicyValidationTest.main("""
                pgdata: /var/lib/postgresql/15/main
                physical:
                  engine: pgbackrest
                  pgbackrest: {stanza: main}
                archive:
                  async: true
                """), 11, 14, "clusters.main.archive.async applies to the pg_basebackup engine; with physical.engine pgbackrest set"
                + " archive-async (and process-max, spool-path) in physical.pgbackrest.options, which pgBackRest's own archive-push reads");
    }
}
