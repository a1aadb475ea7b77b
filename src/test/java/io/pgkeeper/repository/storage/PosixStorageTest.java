package io.pgkeeper.repository.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.util.OsIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The POSIX storage on real files: what the interface promises, and nothing left under a temporary name. */
class PosixStorageTest {
    @TempDir
    Path tmp;

    private PosixStorage storage() {
        return new PosixStorage(tmp.resolve("repo"), Optional.empty(), OsIdentity.current());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void putReplacesWholeAndPrivately() throws IOException {
        PosixStorage s = storage();
        s.put("main/logical/1/manifest.json", bytes("one"));
        s.put("main/logical/1/manifest.json", bytes("two"));
        Path file = tmp.resolve("repo/main/logical/1/manifest.json");
        assertEquals("two", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals(List.of("manifest.json"), names(file.getParent()), "no temporary name is left");
    }

    @Test
    void aWriteThatNeverReplacesLetsTheFirstWin() throws IOException {
        PosixStorage s = storage();
        try (PendingObject first = s.create("main/wal", "A")) {
            first.stream().write(bytes("first"));
            assertTrue(first.commit("main/wal/A-1", false));
        }
        try (PendingObject second = s.create("main/wal", "A")) {
            second.stream().write(bytes("second"));
            assertFalse(second.commit("main/wal/A-1", false));
        }
        try (PendingObject abandoned = s.create("main/wal", "B")) {
            abandoned.stream().write(bytes("never committed"));
        }
        assertEquals(List.of("A-1"), names(tmp.resolve("repo/main/wal")), "neither the loser nor the abandoned write left a file");
        try (var in = s.open("main/wal/A-1")) {
            assertArrayEquals(bytes("first"), in.readAllBytes());
        }
        assertThrows(IllegalArgumentException.class, () -> {
            try (PendingObject elsewhere = s.create("main/wal", "C")) {
                elsewhere.commit("main/other/C", true);
            }
        }, "a commit stays in the directory it was written in, so that it is a rename or a link");
    }

    @Test
    void listingIsByPrefixAndAbsentKeysAreNoSuchFile() throws IOException {
        PosixStorage s = storage();
        assertEquals(List.of(), s.list("main/wal", ""), "a directory that does not exist lists as empty");
        s.put("main/wal/000000010000000000000001-aa", bytes("x"));
        s.put("main/wal/000000010000000000000002-bb", bytes("yy"));
        assertTrue(s.reserve("main/logical/20261121T030000Z"));
        assertFalse(s.reserve("main/logical/20261121T030000Z"), "a reservation is for one writer");
        List<StoredEntry> found = s.list("main/wal", "000000010000000000000002-");
        assertEquals(List.of("main/wal/000000010000000000000002-bb"), found.stream().map(StoredEntry::key).toList());
        assertEquals(2, found.get(0).size());
        assertEquals(List.of("logical", "wal"), s.list("main", "").stream().map(StoredEntry::name).toList());
        assertTrue(s.list("main", "").get(0).directory());
        assertTrue(s.stat("main/logical/20261121T030000Z").orElseThrow().directory());
        assertEquals(Optional.empty(), s.stat("main/nothing"));
        assertThrows(NoSuchFileException.class, () -> s.open("main/nothing"));
        s.deleteAll("main/wal");
        assertFalse(s.exists("main/wal"));
        assertTrue(s.exists("main"));
    }

    @Test
    void publishMakesAStagedTreePrivate() throws IOException {
        PosixStorage s = storage();
        assertTrue(s.reserve("main"));
        assertTrue(s.reserve("main/physical"));
        assertTrue(s.reserve("main/physical/1"));
        Path dir = s.stage("main/physical/1");
        assertEquals(tmp.resolve("repo/main/physical/1"), dir, "tools write into the repository itself");
        Files.createDirectories(dir.resolve("pg_wal"));
        Files.writeString(dir.resolve("pg_wal/x"), "x");
        Files.setPosixFilePermissions(dir.resolve("pg_wal/x"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dir.resolve("pg_wal"), PosixFilePermissions.fromString("rwxr-xr-x"));
        s.publish("main/physical/1");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("pg_wal/x"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("pg_wal"))));
        assertEquals(List.of("main/physical/1", "main/physical/1/pg_wal", "main/physical/1/pg_wal/x"),
                s.walk("main/physical/1").stream().map(StoredEntry::key).toList());
    }

    @Test
    void appendAddsRecords() throws IOException {
        PosixStorage s = storage();
        s.append("main/verify.log", bytes("a\n"));
        s.append("main/verify.log", bytes("b\n"));
        assertEquals("a\nb\n", Files.readString(tmp.resolve("repo/main/verify.log")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("repo/main/verify.log"))));
    }

    @Test
    void aFullDiskIsSaidOnce() {
        var e = storage().failure("writing /r/x", new java.nio.file.FileSystemException("/r/x: No space left on device"), "free space");
        assertEquals("disk full while writing /r/x: FileSystemException: /r/x: No space left on device", e.getMessage());
        assertEquals("free space", e.hint().orElseThrow());
        var other = storage().failure("writing /r/x", new IOException("Input/output error"), "free space");
        assertEquals("I/O error while writing /r/x: IOException: Input/output error", other.getMessage());
    }
}
