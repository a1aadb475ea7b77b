package io.pgkeeper.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeySuggesterTest {
    static final List<String> LOGICAL = List.of("databases", "format", "jobs", "compress", "globals",
            "parallelDatabases", "fingerprint");

    @Test
    void distanceCountsEditsAndAdjacentSwaps() {
        assertEquals(0, KeySuggester.distance("format", "format"));
        assertEquals(1, KeySuggester.distance("formt", "format"));
        assertEquals(1, KeySuggester.distance("fromat", "format"));
        assertEquals(1, KeySuggester.distance("jbs", "jobs"));
        assertEquals(6, KeySuggester.distance("", "format"));
    }

    @Test
    void suggestsOnlyCloseKeys() {
        assertEquals(Optional.of("format"), KeySuggester.closest("formt", LOGICAL));
        assertEquals(Optional.of("parallelDatabases"), KeySuggester.closest("paralleldatabase", LOGICAL));
        assertEquals(Optional.of("fingerprint"), KeySuggester.closest("fingerprnt", LOGICAL));
        assertEquals(Optional.of("jobs"), KeySuggester.closest("job", LOGICAL));
        assertEquals(Optional.empty(), KeySuggester.closest("xy", LOGICAL));
        assertEquals(Optional.empty(), KeySuggester.closest("schedule", LOGICAL));
        assertEquals(Optional.empty(), KeySuggester.closest("anything", List.of()));
    }
}
