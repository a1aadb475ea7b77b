package io.pgkeeper.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgkeeper.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ArchiveIdentityTest {
    @Test
    void roundTripsThroughItsOwnJson() throws IOException {
        ArchiveIdentity id = new ArchiveIdentity("7312345678901234567", 16L * 1024 * 1024);
        assertEquals(id, ArchiveIdentity.parse(id.toJson()));
    }

    @Test
    void readsWhatTheDataBindingMapperWroteAndTheOtherWayRound() throws IOException {
        ArchiveIdentity id = new ArchiveIdentity("42", 1L << 30);
        assertEquals(id, ArchiveIdentity.parse(Json.mapper().writeValueAsBytes(id)));
        assertEquals(id, Json.mapper().readValue(id.toJson(), ArchiveIdentity.class));
    }

    @Test
    void ignoresUnknownFieldsAndRefusesAFileWithoutIdentifier() throws IOException {
        byte[] extra = "{\"note\": {\"a\": [1, 2]}, \"segmentSize\": 16777216, \"systemIdentifier\": \"9\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(new ArchiveIdentity("9", 16777216), ArchiveIdentity.parse(extra));
        assertThrows(IOException.class, () -> ArchiveIdentity.parse("{\"segmentSize\": 1}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> ArchiveIdentity.parse("[]".getBytes(StandardCharsets.UTF_8)));
    }
}
