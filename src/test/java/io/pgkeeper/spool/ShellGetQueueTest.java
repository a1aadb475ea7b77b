package io.pgkeeper.spool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.archive.Compression;
import io.pgkeeper.repository.Checksums;
import io.pgkeeper.testing.Cli;
import io.pgkeeper.util.Cksum;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serving from the read-ahead queue, by the launcher's shell (archive-spool.bash) and by Java
 * ({@link GetQueue#serve}): both serve a checked entry whole, and both refuse, leaving nothing at
 * the destination, an entry whose content or archived original is not what its name says.
 */
class ShellGetQueueTest {
    static final String NAME = "000000010000000000000007";

    @TempDir
    Path tmp;
    SpoolFixture f;
    byte[] content;
    GetQueue queue;

    @BeforeEach
    void archived() throws IOException {
        f = new SpoolFixture(tmp);
        Path seg = f.segment(NAME, SpoolFixture.SYSID);
        content = Files.readAllBytes(seg);
        Archiving a = f.archiving();
        a.archive().push(seg, Compression.GZIP);
        Spool spool = a.spool().ensure(a.repository().files());
        new AsyncPush(a, spool).storeBinding();
        queue = GetQueue.of(spool, GetQueue.host(), f.pgdata).orElseThrow();
        Files.createDirectories(queue.dir());
    }

    /** An entry as the get worker names it (GetQueue.fill: anEntryIsNamedWithTheCrcAndSizeTheCksumBinaryPrints). */
    private Path entry() throws IOException {
        Path e = queue.dir().resolve(crcName(content));
        Files.write(e, content);
        return e;
    }

    /** {@code NAME-<sha256>.<crc>.<size>} for {@code bytes}, the CRC and size as cksum prints them. */
    static String crcName(byte[] bytes) {
        Cksum c = new Cksum();
        c.update(bytes, 0, bytes.length);
        return NAME + "-" + Checksums.sha256(bytes) + "." + c.getValue() + "." + c.length();
    }

    /** What the launcher does: the shell's answer, else Java's (ReadAhead.get: the queue, checked, else the archive). */
    private int shellThenJava(Path dest) {
        if (shellGet(dest).exitCode() == 0) {
            return 0;
        }
        assertFalse(Files.exists(dest), "a refusal leaves nothing at the destination");
        Archiving a = f.archiving();
        if (!queue.serve(NAME, dest, a.archive(), a.repository().files())) {
            a.archive().get(NAME, dest);
        }
        return 1;
    }

    private Cli.Result shellGet(Path dest) {
        return f.shell(f.pgdata, "archive", "get", "--policy", f.policyFile.toString(), "--cluster", "main", "--spool", f.spool().dir().toString(),
                NAME, f.pgdata.relativize(dest).toString());
    }

    /** Sets the queue up with {@code spoil}, then asks the shell and Java, each on a fresh copy. */
    private void same(boolean served, String why, Consumer<Path> spoil) throws IOException {
        for (String who : List.of("shell", "java")) {
            Path e = entry();
            spoil.accept(e);
            Path dest = f.pgdata.resolve("pg_wal/RECOVERYXLOG");
            Files.deleteIfExists(dest);
            boolean ok = who.equals("shell") ? shellGet(dest).exitCode() == 0 : queue.serve(NAME, dest, f.archiving().archive(), f.archiving().repository().files());
            assertEquals(served, ok, why + ": " + who);
            if (served) {
                assertArrayEquals(content, Files.readAllBytes(dest), who + " served it whole");
                assertFalse(Files.exists(e), who + " took the entry out of the queue");
            } else {
                assertFalse(Files.exists(dest), who + " left nothing at the destination");
            }
            try (var s = Files.list(f.pgdata.resolve("pg_wal"))) {
                assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".")).toList(), who + " left no temporary file");
            }
            try (var s = Files.list(queue.dir())) {
                s.filter(p -> p.getFileName().toString().startsWith(NAME)).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aCheckedEntryIsServedByBoth() throws IOException {
        same(true, "a good entry", e -> { });
    }

    @Test
    void aDamagedEntryIsRefusedByBoth() throws IOException {
        same(false, "one flipped byte", e -> {
            byte[] b = content.clone();
            b[1000] ^= 1;
            SpoolFixture.write(e, b);
        });
        same(false, "truncated", e -> SpoolFixture.write(e, java.util.Arrays.copyOf(content, 1000)));
    }

    @Test
    void anEntryTheArchiveNoLongerHoldsIsRefused() throws IOException {
        Path stored;
        try (var s = Files.list(tmp.resolve("repo/main/wal"))) {
            stored = s.filter(p -> p.getFileName().toString().startsWith(NAME)).findFirst().orElseThrow();
        }
        Files.delete(stored);
        same(false, "the repository was replaced", e -> { });
    }

    @Test
    void twoEntriesForOneNameAreRefused() throws IOException {
        same(false, "two entries", e -> SpoolFixture.write(e.resolveSibling(NAME + "-" + "0".repeat(64)), content));
    }

    @Test
    void theShellServesOnlyForThePolicyItWasBoundTo() throws IOException {
        entry();
        Files.writeString(f.policyFile, Files.readString(f.policyFile) + "# edited\n");
        Path dest = f.pgdata.resolve("pg_wal/RECOVERYXLOG");
        assertEquals(1, shellGet(dest).exitCode());
        assertFalse(Files.exists(dest));
        assertEquals(1, queue.entries().size(), "the entry is put back for Java, which loads the policy and decides");
        assertTrue(queue.serve(NAME, dest, f.archiving().archive(), f.archiving().repository().files()));
    }

    @Test
    void theShellWaitsForAFetchInFlightAndServesIt() throws Exception {
        Path dest = f.pgdata.resolve("pg_wal/RECOVERYXLOG");
        FetchMarks.mark(queue.dir(), NAME, Instant.now());
        // the "worker": the entry takes its name a while after the call began, then the mark goes
        Thread worker = new Thread(() -> {
            try {
                Thread.sleep(700);
                queue.fill(f.archiving().archive(), NAME, f.archiving().archive().find(NAME).orElseThrow());
                FetchMarks.clear(queue.dir(), NAME);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        worker.start();
        Cli.Result r = shellGet(dest);
        worker.join();
        assertEquals(0, r.exitCode(), r.toString());
        assertArrayEquals(content, Files.readAllBytes(dest), "served whole, and checked, once it came");
    }

    @Test
    void theShellDoesNotWaitWithoutALiveFetch() throws IOException {
        Path dest = f.pgdata.resolve("pg_wal/RECOVERYXLOG");
        long t0 = System.nanoTime();
        assertEquals(1, shellGet(dest).exitCode(), "no entry, no mark: Java");
        Files.writeString(queue.dir().resolve(NAME + FetchMarks.SUFFIX), (Instant.now().getEpochSecond() - 60) + "\n");
        Files.writeString(queue.dir().resolve("worker.pid"), "999999999\n");
        assertEquals(1, shellGet(dest).exitCode(), "a mark a minute old and no worker: Java");
        assertTrue(System.nanoTime() - t0 < java.util.concurrent.TimeUnit.SECONDS.toNanos(8), "neither waits for its 10 s");
        FetchMarks.mark(queue.dir(), NAME, Instant.now());
        Path damaged = queue.dir().resolve(crcName(content));
        byte[] b = content.clone();
        b[1000] ^= 1;
        Files.write(damaged, b);
        assertEquals(1, shellGet(dest).exitCode(), "what comes is checked as ever: a damaged entry is refused");
        assertFalse(Files.exists(dest));
    }

    @Test
    void anEntryIsNamedWithTheCrcAndSizeTheCksumBinaryPrints() throws Exception {
        queue.fill(f.archiving().archive(), NAME, f.archiving().archive().find(NAME).orElseThrow());
        Path e = queue.dir().resolve(crcName(content));
        Process p = new ProcessBuilder("cksum").redirectInput(e.toFile()).start();
        String printed = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).strip();
        assertEquals(0, p.waitFor());
        assertEquals(NAME + "-" + Checksums.sha256(content) + "." + printed.replace(' ', '.'), e.getFileName().toString());
        assertEquals(crcName(content), e.getFileName().toString());
        try (var s = Files.list(queue.dir())) {
            assertEquals(List.of(e), s.toList(), "and nothing else is left in the queue (no dot file)");
        }
    }

    @Test
    void theShellServesNoDamagedCopyAndTheLauncherThenServesTheArchivesBytes() throws IOException {
        Path dest = f.pgdata.resolve("pg_wal/RECOVERYXLOG");
        for (int at : new int[] {0, 1000, content.length - 1}) {
            Path e = entry();
            byte[] b = content.clone();
            b[at] ^= (byte) 0x80;
            Files.write(e, b);
            assertEquals(1, shellThenJava(dest), "byte " + at + " flipped, same size: the shell refuses it");
            assertArrayEquals(content, Files.readAllBytes(dest), "and Java serves the archive's bytes");
            assertFalse(Files.exists(e), "the damaged copy is gone");
            Files.delete(dest);
        }
        Path e = entry();
        Files.write(e, java.util.Arrays.copyOf(content, content.length - 1));
        assertEquals(1, shellThenJava(dest), "truncated by one byte");
        assertArrayEquals(content, Files.readAllBytes(dest));
        Files.delete(dest);

        String[] good = entry().getFileName().toString().split("\\.");
        long crc = Long.parseLong(good[1]);
        for (String wrong : List.of(good[0] + "." + (crc ^ 1) + "." + good[2], good[0] + "." + good[1] + "." + (content.length + 1))) {
            Files.move(queue.dir().resolve(String.join(".", good)), queue.dir().resolve(wrong));
            assertEquals(1, shellThenJava(dest), "the right bytes under a wrong CRC or size: " + wrong);
            assertArrayEquals(content, Files.readAllBytes(dest));
            Files.delete(dest);
            entry();
        }
        assertEquals(0, shellThenJava(dest), "a good entry: the shell serves it");
        assertArrayEquals(content, Files.readAllBytes(dest));
    }

    @Test
    void anEntryWithoutACrcIsLeftToJavaWhichChecksItsSha256() throws IOException {
        Path old = queue.dir().resolve(NAME + "-" + Checksums.sha256(content));
        Files.write(old, content);
        Path dest = f.pgdata.resolve("pg_wal/RECOVERYXLOG");
        assertEquals(1, shellGet(dest).exitCode(), "an older worker's entry: not the shell's to check");
        assertTrue(Files.exists(old), "left in the queue for Java");
        assertTrue(queue.serve(NAME, dest, f.archiving().archive(), f.archiving().repository().files()));
        assertArrayEquals(content, Files.readAllBytes(dest));
    }

    @Test
    void theQueueIsKeyedByHostAndDataDirectory() {
        assertEquals("db1:%2Fvar%2Flib%2Fpostgresql%2F15%2Fmain%25x", GetQueue.key("db1", Path.of("/var/lib/postgresql/15/main%x")));
        assertTrue(GetQueue.of(f.spool(), "h", Path.of("/" + "d".repeat(300))).isEmpty(), "too long a name: no read-ahead");
    }
}
