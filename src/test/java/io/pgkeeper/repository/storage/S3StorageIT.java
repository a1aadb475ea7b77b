package io.pgkeeper.repository.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.objectstore.CredentialSource;
import io.pgkeeper.objectstore.ObjectStore;
import io.pgkeeper.objectstore.ObjectStoreException;
import io.pgkeeper.objectstore.S3ObjectStore;
import io.pgkeeper.objectstore.StoreFailure;
import io.pgkeeper.repository.Backup;
import io.pgkeeper.repository.BackupAttempt;
import io.pgkeeper.repository.BackupKind;
import io.pgkeeper.repository.FileEntry;
import io.pgkeeper.repository.LockName;
import io.pgkeeper.repository.Manifest;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.testing.S3Server;
import io.pgkeeper.util.OsIdentity;
import io.pgkeeper.util.SecureFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** S3Storage, the repository's Storage on a bucket, against a real S3 server (S3Proxy, TLS, SigV4). */
class S3StorageIT {
    @RegisterExtension
    static final S3Server S3 = new S3Server();

    @TempDir
    Path state;

    private S3Storage storage(String prefix) {
        return storage(prefix, state);
    }

    private S3Storage storage(String prefix, Path stateDir) {
        ObjectStore store = S3ObjectStore.connect(S3.settings(prefix), S3.environment(), Clock.systemUTC());
        return new S3Storage(store, stateDir, Optional.empty(), new SecureFiles(OsIdentity.current()), "environment variables "
                + S3Server.KEY_ENV + " and " + S3Server.SECRET_ENV);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void objectsDirectoriesAndListings() throws IOException {
        S3Storage s = storage("t-" + UUID.randomUUID());
        assertFalse(s.exists(""));
        s.put("main/wal/000000010000000000000001-abc", bytes("one"));
        s.put("main/verify.log", bytes("x"));
        assertTrue(s.exists(""));
        assertTrue(s.exists("main/wal"));
        assertFalse(s.exists("main/logical"));
        assertEquals(Optional.of(true), s.stat("main/wal").map(StoredEntry::directory));
        assertEquals(Optional.of(3L), s.stat("main/wal/000000010000000000000001-abc").map(StoredEntry::size));
        assertEquals(Optional.empty(), s.stat("main/none"));
        assertEquals(List.of("main/verify.log", "main/wal"), s.list("main", "").stream().map(StoredEntry::key).toList());
        assertEquals(List.of(true), s.list("main", "w").stream().map(StoredEntry::directory).toList());
        assertEquals(List.of("main/verify.log", "main/wal/000000010000000000000001-abc"), s.walk("main").stream().map(StoredEntry::key).toList());
        try (InputStream in = s.open("main/verify.log")) {
            assertEquals("x", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThrows(NoSuchFileException.class, () -> s.open("main/absent"));
        s.append("main/verify.log", bytes("y\n"));
        s.append("main/new.log", bytes("z\n"));
        try (InputStream in = s.open("main/verify.log")) {
            assertEquals("xy\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertTrue(s.delete("main/new.log"));
        assertFalse(s.delete("main/new.log"));
        s.deleteAll("main");
        assertFalse(s.exists(""));
    }

    @Test
    void exactlyOneRacingWriterWinsAReservationAndAnUnreplacedCommit() throws Exception {
        S3Storage s = storage("t-" + UUID.randomUUID());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> reservers = new ArrayList<>();
            List<Callable<Boolean>> writers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                reservers.add(() -> s.reserve("main/logical/20261201T000000Z"));
                int n = i;
                writers.add(() -> {
                    try (PendingObject p = s.create("main/wal", "push")) {
                        try (OutputStream out = p.stream()) {
                            out.write(bytes("writer " + n));
                        }
                        return p.commit("main/wal/000000010000000000000002-sha", false);
                    }
                });
            }
            assertEquals(1, count(pool.invokeAll(reservers)));
            assertEquals(1, count(pool.invokeAll(writers)));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Optional.of(true), s.stat("main/logical/20261201T000000Z").map(StoredEntry::directory));
        try (InputStream in = s.open("main/wal/000000010000000000000002-sha")) {
            assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).startsWith("writer "));
        }
        try (PendingObject p = s.create("main/wal", "push")) {
            p.stream().write(bytes("replaced"));
            assertTrue(p.commit("main/wal/000000010000000000000002-sha", true));
        }
        try (InputStream in = s.open("main/wal/000000010000000000000002-sha")) {
            assertEquals("replaced", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        try (Stream dirs = new Stream(state.resolve("tmp"))) {
            assertEquals(List.of(), dirs.names(), "no temporary file is left after a commit");
        }
    }

    private static long count(List<Future<Boolean>> results) throws Exception {
        long wins = 0;
        for (Future<Boolean> f : results) {
            wins += f.get() ? 1 : 0;
        }
        return wins;
    }

    /** A backup through the repository's own unit of work: staged under stateDir, uploaded, committed by its manifest, read back. */
    @Test
    void aBackupAttemptIsStagedUploadedCommittedAndReadBack() throws IOException {
        S3Storage s = storage("t-" + UUID.randomUUID());
        Repository repo = new Repository(state, s, Optional.empty(), OsIdentity.current(), Clock.systemUTC());
        byte[] big = new byte[(12 << 20) + 17]; // more than one part
        new java.util.Random(7).nextBytes(big);
        Manifest committed;
        try (BackupAttempt a = repo.begin("main", BackupKind.LOGICAL, LockName.CLUSTER, "dump", Duration.ZERO)) {
            assertTrue(a.dir().startsWith(state.resolve("staging")), a.dir() + " is staged under the state directory");
            List<FileEntry> files = a.seal(a.write(d -> {
                Files.write(d.resolve("app.dump"), big);
                Files.createDirectories(d.resolve("dir"));
                Files.write(d.resolve("dir/toc.dat"), bytes("toc"));
                return List.of();
            }));
            assertFalse(Files.exists(a.dir()), "the staged copy is removed once uploaded");
            assertEquals(List.of(), repo.completed("main", Optional.empty()), "no manifest yet: not a backup");
            assertEquals(1, repo.attempts("main").size());
            committed = a.commit(Manifest.builder(a.id(), "main", BackupKind.LOGICAL).startedAt(a.startedAt()).finishedAt(a.startedAt())
                    .files(files).build());
        }
        Backup b = repo.find("main", "latest", Optional.empty());
        assertEquals(committed.id(), b.manifest().id());
        assertEquals(List.of(), repo.attempts("main"));
        Path copy;
        try (LocalTree t = s.local("main/logical/" + committed.id())) {
            copy = t.dir();
            assertTrue(copy.startsWith(state.resolve("local")));
            assertArrayEquals(big, Files.readAllBytes(copy.resolve("app.dump")));
            assertEquals("toc", Files.readString(copy.resolve("dir/toc.dat")));
            assertFalse(Files.exists(copy.resolve(S3Storage.RESERVED)));
        }
        assertFalse(Files.exists(copy), "closing the tree removes the copy");
        try (LocalTree t = s.local("main/logical/" + committed.id(), "dir/toc.dat"::equals)) {
            assertEquals("toc", Files.readString(t.dir().resolve("dir/toc.dat")));
            assertFalse(Files.exists(t.dir().resolve("app.dump")), "a restore of one database copies only the files it reads");
        }
    }

    @Test
    void anAppendFromAnotherHostIsNeverOverwrittenByAWriteOfAnOlderVersion() throws Exception {
        String prefix = "t-" + UUID.randomUUID();
        S3Storage hostA = storage(prefix, Files.createDirectories(state.resolve("host-a")));
        S3Storage hostB = storage(prefix, Files.createDirectories(state.resolve("host-b")));
        hostA.append("main/verify.log", bytes("one\n"));
        String readByA = hostA.store().head("main/verify.log").orElseThrow().etag();
        hostB.append("main/verify.log", bytes("two\n")); // B's lock is not A's: only the store's condition keeps them apart
        assertFalse(hostA.store().replaceIf("main/verify.log", bytes("one\nlost\n"), readByA),
                "a write of the version A read is refused once B replaced it (If-Match)");
        hostA.append("main/verify.log", bytes("three\n"));
        try (InputStream in = hostA.open("main/verify.log")) {
            assertEquals("one\ntwo\nthree\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void prepareProbesTheBucketAndNamesTheCredentialVariablesNeverTheirValues() {
        S3Storage good = storage("t-" + UUID.randomUUID());
        good.prepare("main");
        ObjectStore wrong = S3ObjectStore.connect(S3.settings("t-x"), Map.of(S3Server.KEY_ENV, S3.accessKey(), S3Server.SECRET_ENV,
                "not-the-secret"), Clock.systemUTC());
        S3Storage denied = new S3Storage(wrong, state, Optional.empty(), new SecureFiles(OsIdentity.current()),
                new CredentialSource.Environment(S3Server.KEY_ENV, S3Server.SECRET_ENV, Optional.empty()).describe());
        ObjectStoreException e = assertThrows(ObjectStoreException.class, () -> denied.prepare("main"));
        assertEquals(StoreFailure.DENIED, e.failure());
        String said = e.getMessage() + " " + e.hint().orElse("");
        assertTrue(said.contains(S3Server.KEY_ENV) && said.contains(S3Server.SECRET_ENV), said);
        assertTrue(said.contains(S3Server.BUCKET), said);
        assertFalse(said.contains(S3.secretKey()) || said.contains("not-the-secret") || said.contains(S3.accessKey()), said);
    }

    /** Names of the entries of a directory; none when it does not exist. */
    private record Stream(Path dir) implements AutoCloseable {
        List<String> names() throws IOException {
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (java.util.stream.Stream<Path> s = Files.list(dir)) {
                return s.map(p -> p.getFileName().toString()).toList();
            }
        }

        @Override
        public void close() {}
    }
}
