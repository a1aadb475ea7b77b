package io.pgkeeper.spool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.archive.Compression;
import io.pgkeeper.repository.Checksums;
import io.pgkeeper.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    private Path entry() throws IOException {
        Path e = queue.dir().resolve(NAME + "-" + Checksums.sha256(content));
        Files.write(e, content);
        return e;
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
                Path t = queue.dir().resolve(".incoming");
                Files.write(t, content);
                Files.move(t, queue.dir().resolve(NAME + "-" + Checksums.sha256(content)), StandardCopyOption.ATOMIC_MOVE);
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
        Path damaged = queue.dir().resolve(NAME + "-" + Checksums.sha256(content));
        byte[] b = content.clone();
        b[1000] ^= 1;
        Files.write(damaged, b);
        assertEquals(1, shellGet(dest).exitCode(), "what comes is checked as ever: a damaged entry is refused");
        assertFalse(Files.exists(dest));
    }

    @Test
    void theQueueIsKeyedByHostAndDataDirectory() {
        assertEquals("db1:%2Fvar%2Flib%2Fpostgresql%2F15%2Fmain%25x", GetQueue.key("db1", Path.of("/var/lib/postgresql/15/main%x")));
        assertTrue(GetQueue.of(f.spool(), "h", Path.of("/" + "d".repeat(300))).isEmpty(), "too long a name: no read-ahead");
    }
}
