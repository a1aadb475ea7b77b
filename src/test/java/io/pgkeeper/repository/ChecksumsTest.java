package io.pgkeeper.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumsTest {
    @TempDir
    Path dir;

    @Test
    void describeHashesEveryFileAndReusesOnlyKnownEntriesOfTheSameSize() throws IOException {
        Files.writeString(dir.resolve("a.dump"), "abc");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/b.dat"), "hello");
        String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        String hello = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

        assertEquals(List.of(new FileEntry("a.dump", 3, abc), new FileEntry("sub/b.dat", 5, hello)), Checksums.describe(dir, dir));

        // a known entry of the same path and size is taken as it is (its hash was computed from the finished file)
        FileEntry known = new FileEntry("a.dump", 3, "known");
        // one whose size differs is not: the file changed since, so it is hashed again
        FileEntry stale = new FileEntry("sub/b.dat", 4, "stale");
        assertEquals(List.of(known, new FileEntry("sub/b.dat", 5, hello)), Checksums.describe(dir, dir, List.of(known, stale)));
    }

    @Test
    void pathsAreRelativeToTheBase() throws IOException {
        Files.createDirectories(dir.resolve("db"));
        Files.writeString(dir.resolve("db/x"), "abc");
        assertEquals(List.of(new FileEntry("db/x", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")),
                Checksums.describe(dir, dir.resolve("db")));
    }
}
