package io.pgkeeper.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void parses() {
        assertEquals(Optional.of(Duration.ofSeconds(30)), Durations.parse("30s"));
        assertEquals(Optional.of(Duration.ofMinutes(90)), Durations.parse("1h30m"));
        assertEquals(Optional.of(Duration.ofDays(14)), Durations.parse("2w"));
        assertEquals(Optional.of(Duration.ofDays(7)), Durations.parse("7d"));
        assertEquals(Optional.of(Duration.ofMillis(250)), Durations.parse("250ms"));
        assertEquals(Optional.of(Duration.ZERO), Durations.parse("0"));
        assertEquals(Optional.of(Duration.ofSeconds(5)), Durations.parse(" 5s "));
    }

    @Test
    void rejects() {
        for (String bad : new String[] {"", "5", "s", "5x", "1h 30m", "-5s", "1.5h", "99999999999999999999s", "5s!"}) {
            assertEquals(Optional.empty(), Durations.parse(bad), bad);
        }
        assertEquals(Optional.empty(), Durations.parse(null));
    }

    @Test
    void formats() {
        assertEquals("0s", Durations.format(Duration.ZERO));
        assertEquals("1h30m", Durations.format(Duration.ofMinutes(90)));
        assertEquals("1d2h", Durations.format(Duration.ofHours(26)));
        assertEquals("250ms", Durations.format(Duration.ofMillis(250)));
        assertEquals("5s", Durations.format(Durations.parse("5s").orElseThrow()));
    }
}
