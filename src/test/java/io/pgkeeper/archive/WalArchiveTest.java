package io.pgkeeper.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.error.ExitCode;
import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.repository.Repositories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WalArchive on plain files with hand-built segments; ArchiveIT does the same through PostgreSQL. */
class WalArchiveTest {
    static final long SYSID = 7300000000000000001L;

    @TempDir
    Path tmp;

    static byte[] segment(long sysid, long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        for (int i = 0; i < size / 3; i++) {
            b[i] = (byte) (i % 7); // compressible, like real WAL's zeroed tail
        }
        System.arraycopy(WalHeaderTest.header(sysid, 1, 0, 16 * 1024 * 1024), 0, b, 0, WalHeader.LENGTH);
        return b;
    }

    private Path write(String name, byte[] content) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("src-" + System.nanoTime()));
        return Files.write(dir.resolve(name), content);
    }

    private WalArchive archive() {
        return Repositories.archive(tmp.resolve("repo/main"));
    }

    @Test
    void pushThenGetRoundTripsInEveryCompression() throws IOException {
        WalArchive a = archive();
        int i = 0;
        for (Compression c : Compression.values()) {
            String name = WalNames.segmentName(1, ++i, 16L * 1024 * 1024);
            byte[] content = segment(SYSID, i, 1 << 20);
            WalArchive.PushResult r = a.push(write(name, content), c);
            assertFalse(r.alreadyArchived());
            assertEquals(c, r.file().compression());
            assertEquals(io.pgkeeper.repository.Checksums.sha256(content), r.file().sha256());
            assertEquals(name + "-" + r.file().sha256() + c.suffix(), r.file().path().getFileName().toString());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(r.file().path())));
            if (c != Compression.NONE) {
                assertTrue(Files.size(r.file().path()) < content.length, c + " did not compress");
            }
            Path dest = tmp.resolve("RECOVERYXLOG-" + c);
            a.get(name, dest);
            assertArrayEquals(content, Files.readAllBytes(dest));
        }
        assertEquals(3, a.list().size());
        assertEquals(new ArchiveIdentity(Long.toUnsignedString(SYSID), 16L * 1024 * 1024), a.identity().orElseThrow());
        assertEquals(List.of(), leftovers(a.walDir()));
    }

    @Test
    void identicalRePushIsDoneAndDifferentContentIsRefused() throws IOException {
        WalArchive a = archive();
        String name = "000000010000000000000003";
        byte[] content = segment(SYSID, 3, 64 * 1024);
        ArchivedFile first = a.push(write(name, content), Compression.NONE).file();
        byte[] stored = Files.readAllBytes(first.path());

        WalArchive.PushResult again = a.push(write(name, content), Compression.ZSTD);
        assertTrue(again.alreadyArchived());
        assertEquals(first.path(), again.file().path());

        byte[] other = content.clone();
        other[5000] ^= 1;
        PgKeeperException e = assertThrows(PgKeeperException.class, () -> a.push(write(name, other), Compression.NONE));
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("different file"), e.getMessage());
        assertEquals(List.of(first), a.list());
        assertArrayEquals(stored, Files.readAllBytes(first.path()));
        assertEquals(List.of(), leftovers(a.walDir()));
    }

    @Test
    void refusesASegmentOfAnotherCluster() throws IOException {
        WalArchive a = archive();
        a.push(write("000000010000000000000001", segment(SYSID, 1, 8192)), Compression.NONE);
        PgKeeperException e = assertThrows(PgKeeperException.class,
                () -> a.push(write("000000010000000000000002", segment(SYSID + 1, 2, 8192)), Compression.NONE));
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertTrue(e.getMessage().contains(Long.toString(SYSID + 1)) && e.getMessage().contains(Long.toString(SYSID)), e.getMessage());
        assertTrue(a.find("000000010000000000000002").isEmpty());
        // a .partial is a segment too
        assertThrows(PgKeeperException.class, () -> a.push(write("000000010000000000000002.partial", segment(SYSID + 1, 2, 8192)), Compression.NONE));
        assertEquals(1, a.list().size());
    }

    @Test
    void refusesWhatIsNotASegmentUnderASegmentName() throws IOException {
        WalArchive a = archive();
        PgKeeperException tooShort = assertThrows(PgKeeperException.class, () -> a.push(write("000000010000000000000001", new byte[12]), Compression.NONE));
        assertEquals(ExitCode.FAILED, tooShort.exitCode());
        PgKeeperException noHeader = assertThrows(PgKeeperException.class, () -> a.push(write("000000010000000000000001", new byte[8192]), Compression.NONE));
        assertEquals(ExitCode.FAILED, noHeader.exitCode());
        PgKeeperException badName = assertThrows(PgKeeperException.class, () -> a.push(write("00000001000000000000001", new byte[8192]), Compression.NONE));
        assertEquals(ExitCode.USAGE, badName.exitCode());
        assertTrue(a.list().isEmpty());
    }

    @Test
    void historyAndBackupFilesNeedNoHeader() throws IOException {
        WalArchive a = archive();
        byte[] history = "1\t0/5000000\tno recovery target specified\n".getBytes(StandardCharsets.US_ASCII);
        a.push(write("00000002.history", history), Compression.GZIP);
        byte[] label = "START WAL LOCATION: 0/2000028 (file 000000010000000000000002)\n".getBytes(StandardCharsets.US_ASCII);
        a.push(write("000000010000000000000002.00000028.backup", label), Compression.NONE);
        a.get("00000002.history", tmp.resolve("h"));
        assertArrayEquals(history, Files.readAllBytes(tmp.resolve("h")));
        a.get("000000010000000000000002.00000028.backup", tmp.resolve("b"));
        assertArrayEquals(label, Files.readAllBytes(tmp.resolve("b")));
        assertTrue(a.identity().isEmpty(), "only a segment header tells the system identifier");
    }

    @Test
    void getOfAMissingFileSaysNotArchivedAndWritesNothing() throws IOException {
        WalArchive a = archive();
        Path dest = Files.createDirectories(tmp.resolve("pg_wal")).resolve("RECOVERYXLOG");
        // no archive at all (a wrong path or cluster in restore_command) must stop recovery, not end it
        PgKeeperException none = assertThrows(PgKeeperException.class, () -> a.get("000000010000000000000009", dest));
        assertFalse(none instanceof WalArchive.NotArchived, none::getMessage);
        assertTrue(none.getMessage().contains("does not exist"), none::getMessage);
        Files.createDirectories(tmp.resolve("repo/main"));
        assertThrows(WalArchive.NotArchived.class, () -> a.get("000000010000000000000009", dest));
        a.push(write("000000010000000000000001", segment(SYSID, 1, 8192)), Compression.NONE);
        assertThrows(WalArchive.NotArchived.class, () -> a.get("000000010000000000000009", dest));
        assertThrows(WalArchive.NotArchived.class, () -> a.get("00000002.history", dest));
        assertEquals(List.of(), list(dest.getParent()));
    }

    @Test
    void aCorruptFileIsAHardFailureAndWritesNothing() throws IOException {
        WalArchive a = archive();
        ArchivedFile f = a.push(write("000000010000000000000001", segment(SYSID, 1, 64 * 1024)), Compression.NONE).file();
        byte[] b = Files.readAllBytes(f.path());
        b[40000] ^= 0x10;
        Files.write(f.path(), b);
        Path dest = Files.createDirectories(tmp.resolve("pg_wal")).resolve("RECOVERYXLOG");
        PgKeeperException e = assertThrows(PgKeeperException.class, () -> a.get("000000010000000000000001", dest));
        assertFalse(e instanceof WalArchive.NotArchived);
        assertTrue(e.getMessage().contains("corrupted"), e.getMessage());
        assertEquals(List.of(), list(dest.getParent()));
    }

    @Test
    void aMissingDestinationDirectoryIsNotMistakenForAMissingFile() throws IOException {
        WalArchive a = archive();
        a.push(write("000000010000000000000001", segment(SYSID, 1, 8192)), Compression.NONE);
        PgKeeperException e = assertThrows(PgKeeperException.class, () -> a.get("000000010000000000000001", tmp.resolve("no/such/dir/X")));
        assertFalse(e instanceof WalArchive.NotArchived, "exit 1 here would let PostgreSQL end recovery early");
    }

    @Test
    void racingPushesOfOneNameNeverLeaveTwoContents() throws Exception {
        WalArchive a = archive();
        a.push(write("000000010000000000000001", segment(SYSID, 1, 8192)), Compression.NONE);
        String name = "000000010000000000000002";
        List<Path> sources = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sources.add(write(name, segment(SYSID, 100 + i, 256 * 1024)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<WalArchive.PushResult>> results = new ArrayList<>();
            for (Path s : sources) {
                results.add(pool.submit((Callable<WalArchive.PushResult>) () -> a.push(s, Compression.NONE)));
            }
            List<WalArchive.PushResult> won = new ArrayList<>();
            for (Future<WalArchive.PushResult> f : results) {
                try {
                    won.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    assertEquals(ExitCode.FAILED, ((PgKeeperException) e.getCause()).exitCode());
                }
            }
            List<ArchivedFile> stored = a.list().stream().filter(f -> f.walName().equals(name)).toList();
            assertTrue(won.size() <= 1, "at most one content may win: " + won);
            assertEquals(won.size(), stored.size());
            if (!won.isEmpty()) {
                assertEquals(won.get(0).file(), stored.get(0));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), leftovers(a.walDir()));
    }

    static List<String> leftovers(Path walDir) throws IOException {
        return list(walDir).stream().filter(n -> n.startsWith(".")).toList();
    }

    static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
