package io.pgkeeper.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PruneWalTest {
    @TempDir
    Path wal;

    private void touch(String... names) throws IOException {
        for (String n : names) {
            Files.writeString(wal.resolve(n), n);
        }
    }

    private List<String> remaining() throws IOException {
        try (Stream<Path> s = Files.list(wal)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void deletesBelowTheKeptStartAndKeepsHistoryAndUnknownNames() throws IOException {
        touch("000000010000000000000001", "000000010000000000000002.gz", "000000010000000000000002.00000028.backup",
                "000000010000000000000003", "000000010000000000000004.zst", "00000002.history", "notes.txt",
                ".000000010000000000000001.tmp");
        assertEquals(List.of("000000010000000000000001", "000000010000000000000002.00000028.backup", "000000010000000000000002.gz"),
                PruneWal.delete(wal, "000000010000000000000003"));
        assertEquals(List.of(".000000010000000000000001.tmp", "000000010000000000000003", "000000010000000000000004.zst",
                "00000002.history", "notes.txt"), remaining());
    }

    @Test
    void aFileThatVanishesBeforeItsTurnIsSkipped() throws IOException {
        touch("000000010000000000000001", "000000010000000000000002", "000000010000000000000003");
        List<String> planned = PruneWal.expired(wal, "000000010000000000000003");
        assertEquals(List.of("000000010000000000000001", "000000010000000000000002"), planned);
        Files.delete(wal.resolve("000000010000000000000001"));
        assertEquals(List.of("000000010000000000000002"), PruneWal.delete(wal, "000000010000000000000003"));
        assertEquals(List.of("000000010000000000000003"), remaining());
    }

    @Test
    void noArchiveDirectoryMeansNothingToDelete() throws IOException {
        assertEquals(List.of(), PruneWal.delete(wal.resolve("absent"), "000000010000000000000003"));
    }
}
