package io.pgkeeper.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.repository.BackupId;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.Manifest;
import io.pgkeeper.repository.PhysicalInfo;
import io.pgkeeper.repository.Repositories;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.repository.Versions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveCheckServiceTest {
    private static final long MB16 = 16L * 1024 * 1024;
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    @TempDir
    Path tmp;

    private Repository repository() {
        return Repositories.at(tmp.resolve("repo"));
    }

    private void archive(long... segnos) throws IOException {
        WalArchive a = Repositories.archive(repository().clusterDir("main"));
        Path src = Files.createDirectories(tmp.resolve("src"));
        for (long s : segnos) {
            Path f = Files.write(src.resolve(WalNames.segmentName(1, s, MB16)), WalArchiveTest.segment(WalArchiveTest.SYSID, s, 4096));
            ArchivedFile stored = a.push(f, Compression.NONE).file();
            Files.setLastModifiedTime(stored.path(), FileTime.from(NOW.minusSeconds(600 - s)));
        }
    }

    private void baseBackup(Instant startedAt, String startSegment) {
        Repository repo = repository();
        String id = BackupId.of(startedAt);
        Path dir = repo.kindDir("main", BackupKind.PHYSICAL).resolve(id);
        io.pgkeeper.util.SecureFiles.createDirectories(dir);
        repo.manifests().commit(dir, Manifest.builder(id, "main", BackupKind.PHYSICAL).startedAt(startedAt).finishedAt(startedAt.plusSeconds(5))
                .server("15.0", Long.toString(WalArchiveTest.SYSID)).versions(new Versions("test", "15.0", Map.of()))
                .physical(new PhysicalInfo("pg_basebackup", "tar", "none", "0/0", "0/0", 1, startSegment, startSegment, MB16, true), List.of())
                .build());
    }

    private ArchiveCheckReport check() {
        return new ArchiveCheckService(repository(), "main", Clock.fixed(NOW, ZoneOffset.UTC)).check();
    }

    @Test
    void startsAtTheOldestBaseBackupsStartSegment() throws IOException {
        archive(5, 6, 7, 9, 10);
        baseBackup(Instant.parse("2026-11-20T03:00:00Z"), WalNames.segmentName(1, 3, MB16));
        baseBackup(Instant.parse("2026-11-21T03:00:00Z"), WalNames.segmentName(1, 9, MB16));
        ArchiveCheckReport r = check();
        assertFalse(r.ok());
        assertEquals("base backup " + BackupId.of(Instant.parse("2026-11-20T03:00:00Z")), r.fromSource());
        assertEquals("000000010000000000000003", r.from());
        assertEquals(List.of(new ArchiveGap(1, "000000010000000000000003", "000000010000000000000004", 2),
                new ArchiveGap(1, "000000010000000000000008", "000000010000000000000008", 1)), r.gaps());
        assertEquals("00000001000000000000000A", r.newestSegment());
        assertEquals(600 - 10, r.newestAgeSeconds());
        assertEquals(MB16, r.segmentSize());
    }

    @Test
    void withoutABaseBackupStartsAtTheOldestArchivedSegment() throws IOException {
        archive(5, 6, 7);
        ArchiveCheckReport r = check();
        assertTrue(r.ok());
        assertEquals("000000010000000000000005", r.from());
        assertEquals("oldest archived segment", r.fromSource());
        ArchiveCheckReport given = new ArchiveCheckService(repository(), "main", Clock.fixed(NOW, ZoneOffset.UTC))
                .check(Optional.of("000000010000000000000004"), "--from");
        assertEquals("--from", given.fromSource());
        assertEquals(1, given.gaps().size());
    }

    @Test
    void anEmptyArchiveIsReportedAsSuch() throws IOException {
        Files.createDirectories(tmp.resolve("repo"));
        ArchiveCheckReport r = check();
        assertTrue(r.ok());
        assertNull(r.newestSegment());
        assertNull(r.newestAgeSeconds());
        assertNull(r.from());
        assertEquals(MB16, r.segmentSize());
    }

    @Test
    void aRepositoryThatDoesNotExistIsNamedAsSuchNotAnEmptyArchive() {
        io.pgkeeper.error.PgKeeperException e = org.junit.jupiter.api.Assertions.assertThrows(io.pgkeeper.error.PgKeeperException.class, this::check);
        assertEquals(2, e.exitCode().code());
        assertTrue(e.getMessage().contains("the repository " + tmp.resolve("repo") + " does not exist"), e::getMessage);
    }
}
