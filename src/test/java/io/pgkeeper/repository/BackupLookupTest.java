package io.pgkeeper.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.error.PgKeeperException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repository.find names what an id is when it is not what was asked for; new ids stay unique across kinds. */
class BackupLookupTest {
    static final Instant T = Instant.parse("2026-11-21T03:00:00Z");

    @TempDir
    Path tmp;

    private Repository repo() {
        return Repositories.at(tmp.resolve("repo"));
    }

    private String commit(BackupKind kind, Instant at) {
        Path dir = repo().newBackupDir("main", kind, at);
        String id = dir.getFileName().toString();
        ManifestBuilder b = Manifest.builder(id, "main", kind).startedAt(at).finishedAt(at.plusSeconds(5)).server("15.0", "1")
                .versions(new Versions("test", "15.0", Map.of()));
        if (kind == BackupKind.PHYSICAL) {
            b.physical(new PhysicalInfo("pg_basebackup", "tar", "none", "0/0", "0/0", 1, null, null, 16 << 20, true), List.of());
        }
        repo().manifests().commit(dir, b.build());
        return id;
    }

    @Test
    void anIdOfTheOtherKindSaysWhichKindAndWhatToRun() {
        String physical = commit(BackupKind.PHYSICAL, T);
        PgKeeperException e = assertThrows(PgKeeperException.class, () -> repo().find("main", physical, Optional.of(BackupKind.LOGICAL)));
        assertEquals(2, e.exitCode().code());
        assertEquals("backup " + physical + " of cluster main is a physical backup, not a logical one", e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("pgkeeper restore --backup " + physical + " --pgdata DIR"), e::getMessage);
        assertEquals(physical, repo().find("main", physical, Optional.empty()).id());
    }

    @Test
    void anUnfinishedAttemptIsStillCalledUnfinished() throws Exception {
        Files.createDirectories(repo().kindDir("main", BackupKind.LOGICAL).resolve("20261121T040000Z"));
        PgKeeperException e = assertThrows(PgKeeperException.class, () -> repo().find("main", "20261121T040000Z", Optional.of(BackupKind.LOGICAL)));
        assertTrue(e.getMessage().contains("is unfinished (no manifest)"), e::getMessage);
    }

    @Test
    void aNewBackupNeverTakesTheIdOfABackupOfTheOtherKind() {
        String physical = commit(BackupKind.PHYSICAL, T);
        String logical = commit(BackupKind.LOGICAL, T);
        assertEquals("20261121T030000Z", physical);
        assertEquals("20261121T030001Z", logical);
    }
}
