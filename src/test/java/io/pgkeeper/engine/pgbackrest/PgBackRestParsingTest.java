package io.pgkeeper.engine.pgbackrest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.process.ToolResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** pgbackrest's info JSON, its verify report and its error lines, as 2.45 prints them. */
class PgBackRestParsingTest {
    static final String INFO = """
            [{"archive":[{"database":{"id":1,"repo-key":1},"id":"15-1","max":"000000010000000000000006","min":"000000010000000000000001"}],
              "backup":[
               {"archive":{"start":"000000010000000000000002","stop":"000000010000000000000002"},"database":{"id":1,"repo-key":1},"error":false,
                "info":{"delta":22992576,"repository":{"delta":22992576,"size":22992576},"size":22992576},"label":"20261121-060308F",
                "lsn":{"start":"0/2000028","stop":"0/2000100"},"prior":null,"reference":null,"timestamp":{"start":1795240988,"stop":1795240989},"type":"full"},
               {"archive":{"start":"000000010000000000000004","stop":"000000010000000000000004"},"database":{"id":1,"repo-key":1},"error":false,
                "info":{"delta":1474826,"repository":{"delta":1474826,"size":23058113},"size":23058113},"label":"20261121-060308F_20261121-060310D",
                "lsn":{"start":"0/4000028","stop":"0/4000100"},"prior":"20261121-060308F","reference":["20261121-060308F"],
                "timestamp":{"start":1795240990,"stop":1795240992},"type":"diff"}],
              "cipher":"none","db":[{"id":1,"repo-key":1,"system-id":7710501311864764883,"version":"15"}],"name":"main",
              "repo":[{"cipher":"none","key":1,"status":{"code":0,"message":"ok"}}],"status":{"code":0,"lock":{"backup":{"held":false}},"message":"ok"}}]
            """;

    @Test
    void infoListsBackupsWithTypesPriorsAndWalRange() {
        PgBackRestInfo info = PgBackRestInfo.parse(INFO, "main");
        assertFalse(info.stanzaMissing());
        assertEquals(2, info.backups().size());
        PgBackRestBackup full = info.backups().get(0);
        assertEquals("20261121-060308F", full.label());
        assertEquals("full", full.type());
        assertEquals(Optional.empty(), full.prior());
        assertEquals(Instant.ofEpochSecond(1795240989), full.finishedAt());
        assertEquals("000000010000000000000002", full.archiveStart());
        assertEquals("7710501311864764883", full.systemIdentifier());
        assertEquals("15", full.pgVersion());
        PgBackRestBackup diff = info.latest().orElseThrow();
        assertEquals("diff", diff.type());
        assertEquals(Optional.of("20261121-060308F"), diff.prior());
        assertEquals(23058113, diff.sizeBytes());
        assertEquals(1474826, diff.deltaBytes());
    }

    @Test
    void missingStanzaIsRecognised() {
        PgBackRestInfo info = PgBackRestInfo.parse("""
                [{"archive":[],"backup":[],"cipher":"none","db":[],"name":"main","repo":[{"cipher":"none","key":1,"status":{"code":1,
                "message":"missing stanza path"}}],"status":{"code":1,"lock":{"backup":{"held":false}},"message":"missing stanza path"}}]
                """, "main");
        assertTrue(info.stanzaMissing());
        assertEquals("missing stanza path", info.statusMessage());
    }

    @Test
    void manifestShapeForList() {
        PgBackRestBackup diff = PgBackRestInfo.parse(INFO, "main").latest().orElseThrow();
        var m = PgBackRestManifests.of("main", diff, "lz4", List.of());
        assertEquals("20261121-060308F_20261121-060310D", m.id());
        assertEquals("physical", m.kind().dirName());
        assertEquals("pgbackrest", m.physical().engine());
        assertEquals("diff", m.physical().type());
        assertEquals("20261121-060308F", m.physical().prior());
        assertEquals(1, m.physical().timeline());
        assertEquals("000000010000000000000004", m.physical().stopWalSegment());
    }

    @Test
    void verifyReportWithDamageIsNotOk() {
        PgBackRestVerifyOutput out = PgBackRestVerifyOutput.parse("""
                stanza: main
                status: error
                  archiveId: 15-1, total WAL checked: 6, total valid WAL: 6
                    missing: 0, checksum invalid: 0, size invalid: 0, other: 0
                  backup: 20261121-060308F, status: invalid, total files checked: 964, total valid files: 963
                    missing: 0, checksum invalid: 1, size invalid: 0, other: 0
                """);
        assertFalse(out.ok());
        assertEquals(List.of("stanza status: error",
                "backup: 20261121-060308F, status: invalid, total files checked: 964, total valid files: 963",
                "backup 20261121-060308F: checksum invalid 1"), out.problems());
    }

    @Test
    void verifyReportAllValidIsOk() {
        PgBackRestVerifyOutput out = PgBackRestVerifyOutput.parse("""
                stanza: main
                status: ok
                  archiveId: 15-1, total WAL checked: 2, total valid WAL: 2
                    missing: 0, checksum invalid: 0, size invalid: 0, other: 0
                  backup: 20261121-060328F, status: valid, total files checked: 966, total valid files: 966
                    missing: 0, checksum invalid: 0, size invalid: 0, other: 0
                """);
        assertTrue(out.ok(), out.problems()::toString);
        assertEquals("status ok, 1 backup(s) checked", out.summary());
        assertFalse(PgBackRestVerifyOutput.parse("").ok());
    }

    @Test
    void errorsKeepCodeAndMessageAndGetAHint() {
        ToolResult r = new ToolResult("pgbackrest", 82, false, "", List.of(
                "ERROR: [082]: WAL segment 000000010000000000000002 was not archived before the 60000ms timeout",
                "       HINT: check the archive_command to ensure that all options are correct (especially --stanza)."), Duration.ZERO);
        PgKeeperException e = PgBackRestError.toException("pgbackrest full backup of cluster main failed", r, "main");
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertEquals("pgbackrest full backup of cluster main failed: pgBackRest error [082]: WAL segment 000000010000000000000002 was not"
                + " archived before the 60000ms timeout", e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("pgkeeper archive command-line"), e.hint()::toString);
        assertTrue(e.hint().orElseThrow().contains("pgBackRest says: check the archive_command"), e.hint()::toString);
    }

    @Test
    void lockHeldExitsFour() {
        ToolResult r = new ToolResult("pgbackrest", 50, false, "", List.of(
                "2026-11-21 06:03:04.298 P00  ERROR: [050]: unable to acquire lock on file '/tmp/pgbackrest/main-backup.lock': Resource temporarily unavailable",
                "            HINT: is another pgBackRest process running?"), Duration.ZERO);
        PgKeeperException e = PgBackRestError.toException("backup failed", r, "main");
        assertEquals(ExitCode.LOCKED, e.exitCode());
        assertTrue(e.getMessage().contains("[050]: unable to acquire lock"), e::getMessage);
    }

    @Test
    void stanzaMismatchAndPermissionHints() {
        PgBackRestError mismatch = PgBackRestError.parse(List.of("ERROR: [051]: PostgreSQL version 16, system-id 1 do not match stanza version 15,"
                + " system-id 2")).orElseThrow();
        assertEquals(51, mismatch.code());
        assertTrue(mismatch.advice("main").contains("stanza-upgrade"));
        PgBackRestError perm = PgBackRestError.parse(List.of("ERROR: [047]: unable to create path '/srv/r/archive': [13] Permission denied"))
                .orElseThrow();
        assertTrue(perm.advice("main").contains("repo1-path"), perm.advice("main"));
        assertEquals(Optional.empty(), PgBackRestError.parse(List.of("nothing to see")));
    }
}
