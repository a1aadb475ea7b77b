package io.pgkeeper.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.LockHeldException;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.error.ToolFailedException;
import io.pgkeeper.repository.storage.RecordingStorage;
import io.pgkeeper.util.OsIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unit of work of a backup on a storage with no directories and no rename (an object store's
 * shape), recording every change: the manifest is the last write and the only commit, and a
 * failure or a kill anywhere before it leaves an attempt, never a backup.
 */
class BackupAttemptTest {
    static final Instant T = Instant.parse("2026-11-21T03:00:00Z");
    static final String ID = "20261121T030000Z";

    @TempDir
    Path tmp;

    private RecordingStorage storage;
    private Repository repository;

    private Repository repository() {
        if (repository == null) {
            Clock clock = Clock.fixed(T, ZoneOffset.UTC);
            storage = new RecordingStorage(tmp.resolve("staging"), clock);
            repository = new Repository(tmp.resolve("repo"), storage, Optional.empty(), OsIdentity.current(), clock);
        }
        return repository;
    }

    private BackupAttempt begin() {
        return repository().begin("main", BackupKind.LOGICAL, LockName.CLUSTER, "dump", Duration.ZERO);
    }

    private static List<FileEntry> dumpInto(Path dir) throws IOException {
        Files.writeString(dir.resolve("app.dump"), "PGDMP fake dump", StandardCharsets.UTF_8);
        Files.createDirectories(dir.resolve("big.dir"));
        Files.writeString(dir.resolve("big.dir/toc.dat"), "toc", StandardCharsets.UTF_8);
        return List.of();
    }

    private static Manifest manifest(BackupAttempt a, List<FileEntry> files) {
        return Manifest.builder(a.id(), a.cluster(), a.kind()).startedAt(a.startedAt()).finishedAt(a.startedAt().plusSeconds(5))
                .server("17.2", "7300000000000000001").versions(new Versions("test", "17.2", Map.of())).files(files)
                .logical("roles", null, List.of()).build();
    }

    @Test
    void theManifestIsTheLastWriteAndMakesTheAttemptABackup() {
        Manifest m;
        try (BackupAttempt a = begin()) {
            assertEquals(ID, a.id());
            assertEquals(T, a.startedAt());
            a.write(BackupAttemptTest::dumpInto);
            List<FileEntry> files = a.seal(List.of());
            assertEquals(List.of("app.dump", "big.dir/toc.dat"), files.stream().map(FileEntry::path).toList());
            assertEquals(15 + 3, manifest(a, files).sizeBytes());
            m = a.commit(manifest(a, files));
        }
        String key = "main/logical/" + ID;
        assertEquals(List.of("publish " + key, "put " + key + "/manifest.json"), storage.operations(),
                "the files are durable before the manifest, which is written last, and nothing is removed after the commit");
        assertEquals(List.of(m), repository.completed("main", Optional.empty()).stream().map(Backup::manifest).toList());
        assertEquals(List.of(), repository.attempts("main"));
        assertEquals("PGDMP fake dump", new String(storage.objects().get(key + "/app.dump"), StandardCharsets.UTF_8));
    }

    @Test
    void aFailureBetweenWriteAndCommitLeavesNoBackupAndTheAttemptIsRemoved() {
        try (BackupAttempt a = begin()) {
            a.write(BackupAttemptTest::dumpInto);
            a.seal(List.of());
            assertThrows(IllegalStateException.class, () -> a.write(dir -> {
                throw new IllegalStateException("pg_dump died");
            }));
        }
        assertEquals(List.of(), repository.completed("main", Optional.empty()));
        assertEquals(List.of(), repository.attempts("main"), "close() removed the uncommitted attempt");
        assertTrue(storage.objects().isEmpty(), () -> storage.objects().keySet().toString());
        assertFalse(storage.operations().stream().anyMatch(op -> op.endsWith("manifest.json")), storage.operations()::toString);
    }

    @Test
    void aKillBeforeTheCommitLeavesAnAttemptThatIsNeverABackup() {
        BackupAttempt a = begin(); // never closed: the process died after sealing, before the commit
        a.write(BackupAttemptTest::dumpInto);
        a.seal(List.of());
        assertEquals(List.of(), repository.completed("main", Optional.empty()));
        assertEquals(List.of(ID), repository.attempts("main").stream().map(Attempt::id).toList());
        PgKeeperException e = assertThrows(PgKeeperException.class, () -> repository.find("main", ID, Optional.empty()));
        assertTrue(e.getMessage().contains("is unfinished (no manifest)"), e::getMessage);
    }

    @Test
    void aManifestThatCannotBeWrittenLeavesNoBackupAndSaysTheDiskIsFull() {
        PgKeeperException e;
        try (BackupAttempt a = begin()) {
            a.write(BackupAttemptTest::dumpInto);
            List<FileEntry> files = a.seal(List.of());
            storage.failOn("put main/logical/" + ID + "/manifest.json");
            e = assertThrows(PgKeeperException.class, () -> a.commit(manifest(a, files)));
            assertFalse(a.committed());
        }
        assertTrue(e.getMessage().startsWith("disk full while writing mem:/main/logical/" + ID + "/manifest.json"), e::getMessage);
        assertEquals(BackupAttempt.DISK_FULL_HINT, e.hint().orElseThrow());
        assertEquals(List.of(), repository.completed("main", Optional.empty()));
        assertEquals(List.of(), repository.attempts("main"));
    }

    @Test
    void ioFailuresAndToolsThatRanOutOfSpaceAreMappedOnce() {
        try (BackupAttempt a = begin()) {
            PgKeeperException io = assertThrows(PgKeeperException.class, () -> a.write(dir -> {
                throw new java.nio.file.FileSystemException(dir + "/app.dump: No space left on device");
            }));
            assertTrue(io.getMessage().startsWith("disk full while writing " + a.dir() + ": FileSystemException: "), io::getMessage);
            assertEquals(ExitCode.FAILED, io.exitCode());

            ToolFailedException full = new ToolFailedException("pg_dump failed", "see above", "pg_dump", 1,
                    List.of("pg_dump: error: could not write to file \"x\": No space left on device"));
            ToolFailedException tool = assertThrows(ToolFailedException.class, () -> a.write(dir -> {
                throw full;
            }));
            assertEquals("disk full while writing " + a.dir() + ": pg_dump failed", tool.getMessage());
            assertTrue(tool.hint().orElseThrow().contains("nothing was kept of this attempt"));

            ToolFailedException other = new ToolFailedException("pg_dump failed", "see above", "pg_dump", 1, List.of("permission denied"));
            assertEquals(other, assertThrows(ToolFailedException.class, () -> a.write(dir -> {
                throw other;
            })), "a tool's other failures pass unchanged");
        }
    }

    @Test
    void theAttemptHoldsTheClusterLockUntilItIsClosed() {
        try (BackupAttempt a = begin()) {
            assertTrue(repository.isLocked("main", LockName.CLUSTER));
            LockHeldException held = assertThrows(LockHeldException.class,
                    () -> repository.begin("main", BackupKind.PHYSICAL, LockName.CLUSTER, "basebackup", Duration.ZERO));
            assertTrue(held.getMessage().contains("holds the cluster lock"), held::getMessage);
            assertTrue(held.getMessage().contains("purpose=dump"), held::getMessage);
        }
        assertFalse(repository.isLocked("main", LockName.CLUSTER));
        assertEquals(List.of(), repository.attempts("main"), "the refused begin reserved no id");
    }

    @Test
    void aManifestOfAnotherBackupIsRefused() {
        try (BackupAttempt a = begin()) {
            Manifest other = Manifest.builder("20261121T030001Z", "main", BackupKind.LOGICAL).build();
            assertThrows(IllegalArgumentException.class, () -> a.commit(other));
            Manifest physical = Manifest.builder(a.id(), "main", BackupKind.PHYSICAL).build();
            assertThrows(IllegalArgumentException.class, () -> a.commit(physical));
        }
    }

    @Test
    void idsStayUniqueAcrossKindsInTheSameSecond() {
        Repository r = repository();
        try (BackupAttempt logical = begin()) {
            logical.commit(manifest(logical, logical.seal(List.of())));
        }
        try (BackupAttempt physical = r.begin("main", BackupKind.PHYSICAL, LockName.CLUSTER, "basebackup", Duration.ZERO)) {
            assertEquals("20261121T030001Z", physical.id(), "the next free second, whatever the kind");
        }
    }
}
