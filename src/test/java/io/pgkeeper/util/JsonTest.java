package io.pgkeeper.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** One mapper per process, with the one configuration every JSON document of pgkeeper is written with. */
class JsonTest {
    record Sample(Instant at, String absent) {}

    @Test
    void everyCallerGetsTheSameMapper() {
        assertSame(Json.mapper(), Json.mapper());
    }

    @Test
    void instantsAreIsoStringsAndNullsAreLeftOut() throws Exception {
        String json = Json.mapper().writeValueAsString(new Sample(Instant.parse("2026-11-21T03:00:00Z"), null));
        assertEquals("{\n  \"at\" : \"2026-11-21T03:00:00Z\"\n}", json);
        assertEquals(Instant.parse("2026-11-21T03:00:00Z"), Json.mapper().readValue("{\"at\":\"2026-11-21T03:00:00Z\",\"x\":1}", Sample.class).at());
    }
}
