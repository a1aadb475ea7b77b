package io.pgkeeper.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WalExpiryTest {
    /** Timeline 2, log 1, segment 0x10. */
    private static final String KEEP_FROM = "000000020000000100000010";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "000000020000000100000010, keep",
        "00000002000000010000000F, delete",
        "000000020000000100000011, keep",
        // Other timelines compare by log and segment alone.
        "00000001000000010000000F, delete",
        "000000010000000100000011, keep",
        "00000003000000000000FFFF, delete",
        "000000030000000200000000, keep",
        // Log boundary: log 0 segment FF is below log 1 segment 10, whatever the text of the segment part.
        "0000000200000000000000FF, delete",
        "0000000200000001000000FF, keep",
        // Compressed and partial segments.
        "00000002000000010000000F.gz, delete",
        "00000002000000010000000F.zst, delete",
        "00000002000000010000000F.partial, delete",
        "00000002000000010000000F.partial.zst, delete",
        "000000020000000100000010.partial, keep",
        "000000020000000100000010.gz, keep",
        // Backup history files go with their segment.
        "00000002000000010000000E.00000028.backup, delete",
        "00000002000000010000000E.00000028.backup.gz, delete",
        "000000020000000100000010.00000028.backup, keep",
        // Timeline history is needed at any age.
        "00000002.history, keep",
        "00000001.history.gz, keep",
        // Anything pgkeeper did not write in a form it knows stays.
        "00000002000000010000000f, keep",
        "00000002000000010000000F.tmp, keep",
        "00000002000000010000000F.gz.tmp, keep",
        "00000002000000010000000F.lz4, keep",
        "0000000200000001000000, keep",
        "archive_status, keep",
        "sub/00000002000000010000000F, keep",
    })
    void deletesOnlyRecognisedFilesBelowKeepFrom(String name, String expected) {
        List<String> deleted = WalExpiry.deletable(List.of(name), KEEP_FROM);

        assertEquals(expected.equals("delete") ? List.of(name) : List.of(), deleted);
    }

    @Test
    void keepsInputOrder() {
        List<String> archive = List.of(
                "00000002000000010000000A",
                "00000002.history",
                "000000010000000100000001.gz",
                "000000020000000100000012",
                "000000020000000100000005.00000028.backup");

        assertEquals(List.of("00000002000000010000000A", "000000010000000100000001.gz",
                        "000000020000000100000005.00000028.backup"),
                WalExpiry.deletable(archive, KEEP_FROM));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "00000002.history", "00000002000000010000001", "00000002000000010000000f",
            "000000020000000100000010.gz"})
    void refusesAKeepFromThatIsNotASegmentName(String keepFrom) {
        assertThrows(IllegalArgumentException.class, () -> WalExpiry.deletable(List.of("00000002000000010000000F"), keepFrom));
    }
}
