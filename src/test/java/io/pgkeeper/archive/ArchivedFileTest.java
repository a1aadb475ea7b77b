package io.pgkeeper.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ArchivedFileTest {
    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void parsesStoredNames() {
        ArchivedFile f = ArchivedFile.of(Path.of("/r/main/wal/000000010000000000000003-" + SHA)).orElseThrow();
        assertEquals("000000010000000000000003", f.walName());
        assertEquals(SHA, f.sha256());
        assertEquals(Compression.NONE, f.compression());

        ArchivedFile gz = ArchivedFile.of(Path.of("000000010000000000000003.partial-" + SHA + ".gz")).orElseThrow();
        assertEquals("000000010000000000000003.partial", gz.walName());
        assertEquals(Compression.GZIP, gz.compression());

        ArchivedFile zst = ArchivedFile.of(Path.of("00000002.history-" + SHA + ".zst")).orElseThrow();
        assertEquals("00000002.history", zst.walName());
        assertEquals(Compression.ZSTD, zst.compression());

        assertEquals("000000010000000000000002.00000028.backup",
                ArchivedFile.of(Path.of("000000010000000000000002.00000028.backup-" + SHA)).orElseThrow().walName());
    }

    @Test
    void ignoresWhatIsNotAnArchivedFile() {
        for (String name : new String[] {".tmp-000000010000000000000003-123-1-99", "000000010000000000000003",
                "000000010000000000000003-" + SHA.substring(1), "000000010000000000000003-" + SHA.toUpperCase(),
                "archive-identity.json", "x-" + SHA, "000000010000000000000003-" + SHA + ".bz2"}) {
            assertTrue(ArchivedFile.of(Path.of(name)).isEmpty(), name);
        }
    }

    @Test
    void fileNameRoundTrips() {
        for (Compression c : Compression.values()) {
            String name = ArchivedFile.fileName("000000010000000000000003", SHA, c);
            ArchivedFile f = ArchivedFile.of(Path.of(name)).orElseThrow();
            assertEquals(new ArchivedFile(Path.of(name), "000000010000000000000003", SHA, c), f);
        }
    }
}
