package io.pgkeeper.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.repository.Attempt;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.Manifest;
import io.pgkeeper.repository.Repositories;
import io.pgkeeper.repository.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PruneRemovalTest {
    @TempDir
    Path repoRoot;

    private Path backupDir(String id) throws IOException {
        Path dir = Files.createDirectories(repoRoot.resolve("main/logical").resolve(id));
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("app/toc.dat"), "data");
        Files.writeString(dir.resolve("globals.sql"), "-- roles");
        Files.writeString(dir.resolve(Manifest.FILE_NAME), "{}");
        return dir;
    }

    @Test
    void removesTheWholeDirectoryAndNothingBeside() throws IOException {
        Path doomed = backupDir("20261120T030000Z");
        Path neighbour = backupDir("20261121T030000Z");
        PruneRemoval.remove(doomed);
        assertFalse(Files.exists(doomed));
        assertFalse(Files.exists(doomed.resolveSibling("20261120T030000Z.deleting")));
        assertTrue(Files.exists(neighbour.resolve("app/toc.dat")));
    }

    @Test
    void afterTheRenameTheBackupIsNoLongerListedButItsLeftoverIs() throws IOException {
        Path dir = backupDir("20261120T030000Z");
        Path leftover = PruneRemoval.markForDeletion(dir);
        assertEquals("20261120T030000Z.deleting", leftover.getFileName().toString());
        assertTrue(Files.exists(leftover.resolve(Manifest.FILE_NAME)), "a crash right after step 1 leaves the contents");
        Repository repo = Repositories.at(repoRoot);
        assertEquals(List.of(), repo.completed("main", Optional.empty()).stream().map(Backup::id).toList());
        assertEquals(List.of("20261120T030000Z.deleting"), repo.attempts("main").stream().map(Attempt::id).toList());
    }

    @Test
    void aLeftoverIsFinishedInPlace() throws IOException {
        Path leftover = PruneRemoval.markForDeletion(backupDir("20261120T030000Z"));
        Files.delete(leftover.resolve("globals.sql"));
        assertEquals(leftover, PruneRemoval.remove(leftover));
        assertFalse(Files.exists(leftover));
    }

    @Test
    void anOlderLeftoverWithTheSameIdDoesNotBlockTheRename() throws IOException {
        Path old = PruneRemoval.markForDeletion(backupDir("20261120T030000Z"));
        Path again = backupDir("20261120T030000Z");
        PruneRemoval.remove(again);
        assertFalse(Files.exists(again));
        assertFalse(Files.exists(old));
    }
}
