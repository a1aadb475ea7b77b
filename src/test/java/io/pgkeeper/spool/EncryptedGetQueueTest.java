package io.pgkeeper.spool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.archive.ArchivedFile;
import io.pgkeeper.archive.Compression;
import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.crypto.AgeIdentity;
import io.pgkeeper.repository.Checksums;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.repository.storage.AgeKeys;
import io.pgkeeper.repository.storage.EncryptedStorage;
import io.pgkeeper.repository.storage.PosixStorage;
import io.pgkeeper.testing.Processes;
import io.pgkeeper.util.SecureFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With repository.encryption the archive's name records the ciphertext's sha256, never the
 * decrypted copy's: the queue's entries are still served by Java, checked by the CRC and size of
 * the bytes the checked get decrypted (before, every entry looked damaged and was read again).
 */
class EncryptedGetQueueTest {
    private static final String NAME = "000000010000000000000007";

    @TempDir
    Path tmp;

    @Test
    void anEncryptedArchivesEntryIsServedAndADamagedOneIsNot() throws Exception {
        AgeIdentity id = AgeIdentity.generate();
        Path identity = Files.writeString(tmp.resolve("identity.txt"), id.encoded() + "\n");
        Files.setPosixFilePermissions(identity, PosixFilePermissions.fromString("rw-------"));
        Path root = Files.createDirectories(tmp.resolve("repo"));
        EncryptedStorage storage = new EncryptedStorage(new PosixStorage(root, Optional.empty(), Processes.OS),
                new AgeKeys(List.of(id.recipient()), Optional.of(identity)), tmp.resolve("state"), new SecureFiles(Processes.OS));
        Repository repository = new Repository(root, storage, Optional.empty(), Processes.OS, Clock.systemUTC());
        WalArchive archive = WalArchive.of(repository, "main");
        byte[] segment = new byte[256 * 1024];
        new Random(7).nextBytes(segment);
        System.arraycopy(SpoolFixture.header(SpoolFixture.SYSID), 0, segment, 0, 40);
        Path source = Files.write(Files.createDirectories(tmp.resolve("pg_wal")).resolve(NAME), segment);
        archive.push(source, Compression.NONE);
        ArchivedFile stored = archive.find(NAME).orElseThrow();
        assertNotEquals(Checksums.sha256(source), stored.sha256(), "the name records the ciphertext's sha256");

        GetQueue queue = new GetQueue(Files.createDirectories(tmp.resolve("queue")));
        queue.fill(archive, NAME, stored);
        Path dest = tmp.resolve("RECOVERYXLOG");
        assertTrue(queue.serve(NAME, dest, archive, repository.files()), "served from the queue");
        assertArrayEquals(segment, Files.readAllBytes(dest));
        assertEquals(List.of(), queue.entries());

        queue.fill(archive, NAME, stored);
        Path entry = queue.entries().get(0).path();
        byte[] damaged = Files.readAllBytes(entry);
        damaged[damaged.length / 2] ^= 1;
        Files.write(entry, damaged);
        Files.delete(dest);
        assertFalse(queue.serve(NAME, dest, archive, repository.files()), "a damaged copy is not served");
        assertFalse(Files.exists(dest));
    }
}
