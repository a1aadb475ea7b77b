package io.pgkeeper.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.repository.Checksums;
import io.pgkeeper.repository.storage.RecordingStorage;
import io.pgkeeper.util.OsIdentity;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push protocol and the checked get on a storage with no directories and no rename (an
 * object store's shape): the same guarantees as on POSIX (WalArchiveTest), from the interface alone.
 */
class WalArchiveOnObjectStoreTest {
    static final String SEGMENT = "000000010000000000000003";

    @TempDir
    Path tmp;

    private final RecordingStorage storage = new RecordingStorage(Path.of("/nonexistent-staging"), Clock.systemUTC());
    private final WalArchive archive = new WalArchive(storage, "main", new SecureFiles(OsIdentity.current()));

    private Path write(String name, byte[] content) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("src-" + System.nanoTime()));
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void theIdentityThenTheSegmentAreCommittedUnderNamesThatCarryTheirHash() throws IOException {
        byte[] content = WalArchiveTest.segment(WalArchiveTest.SYSID, 3, 64 * 1024);
        WalArchive.PushResult r = archive.push(write(SEGMENT, content), Compression.ZSTD);
        String key = "main/wal/" + SEGMENT + "-" + Checksums.sha256(content) + ".zst";
        assertEquals(List.of("commit main/archive-identity.json", "commit " + key), storage.operations());
        assertFalse(r.alreadyArchived());
        assertEquals(List.of(r.file()), archive.list());

        Path dest = tmp.resolve("RECOVERYXLOG");
        archive.get(SEGMENT, dest);
        assertArrayEquals(content, Files.readAllBytes(dest));
        assertEquals(Long.toUnsignedString(WalArchiveTest.SYSID), archive.identity().orElseThrow().systemIdentifier());
    }

    @Test
    void aRePushIsDoneAndAnotherContentIsRefusedWithoutAWrite() throws IOException {
        byte[] content = WalArchiveTest.segment(WalArchiveTest.SYSID, 3, 64 * 1024);
        archive.push(write(SEGMENT, content), Compression.NONE);
        assertTrue(archive.push(write(SEGMENT, content), Compression.GZIP).alreadyArchived());
        byte[] other = content.clone();
        other[5000] ^= 1;
        PgKeeperException e = assertThrows(PgKeeperException.class, () -> archive.push(write(SEGMENT, other), Compression.NONE));
        assertTrue(e.getMessage().contains("different file"), e::getMessage);
        assertEquals(2, storage.operations().stream().filter(op -> op.startsWith("commit ")).count(), storage.operations()::toString);
        assertEquals(1, archive.list().size());
    }

    @Test
    void getProvesTheContentAndTellsNotArchivedFromEverythingElse() throws IOException {
        Path dest = tmp.resolve("RECOVERYXLOG");
        PgKeeperException none = assertThrows(PgKeeperException.class, () -> archive.get(SEGMENT, dest));
        assertFalse(none instanceof WalArchive.NotArchived, "no archive at all stops recovery: " + none.getMessage());
        archive.push(write(SEGMENT, WalArchiveTest.segment(WalArchiveTest.SYSID, 3, 8192)), Compression.NONE);
        assertThrows(WalArchive.NotArchived.class, () -> archive.get("000000010000000000000009", dest));

        String key = storage.objects().keySet().stream().filter(k -> k.startsWith("main/wal/")).findFirst().orElseThrow();
        byte[] bad = storage.objects().get(key).clone();
        bad[4000] ^= 1;
        storage.put(key, bad); // bit rot in the bucket
        PgKeeperException corrupt = assertThrows(PgKeeperException.class, () -> archive.get(SEGMENT, dest));
        assertEquals(ExitCode.VERIFICATION_FAILED, corrupt.exitCode());
        assertFalse(Files.exists(dest), "nothing reaches recovery");
    }

    @Test
    void aFullStoreFailsThePushWithNothingArchived() throws IOException {
        archive.push(write("000000010000000000000002", WalArchiveTest.segment(WalArchiveTest.SYSID, 2, 8192)), Compression.NONE);
        storage.failOn("commit main/wal/" + SEGMENT);
        PgKeeperException e = assertThrows(PgKeeperException.class,
                () -> archive.push(write(SEGMENT, WalArchiveTest.segment(WalArchiveTest.SYSID, 3, 8192)), Compression.NONE));
        assertTrue(e.getMessage().startsWith("disk full while archiving " + SEGMENT + " into mem:/main/wal: "), e::getMessage);
        assertTrue(e.hint().orElseThrow().contains("PostgreSQL keeps the WAL and retries"));
        assertTrue(archive.find(SEGMENT).isEmpty());
    }
}
