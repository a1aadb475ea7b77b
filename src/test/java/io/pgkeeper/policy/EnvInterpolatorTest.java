package io.pgkeeper.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvInterpolatorTest {
    private final EnvInterpolator env = new EnvInterpolator(Map.of("A", "alpha", "EMPTY", ""));

    private String ok(String text) {
        EnvInterpolator.Expansion e = env.expand(text);
        assertEquals(Optional.empty(), e.problem());
        return e.value().orElseThrow();
    }

    private String problem(String text) {
        EnvInterpolator.Expansion e = env.expand(text);
        assertEquals(Optional.empty(), e.value());
        return e.problem().orElseThrow();
    }

    @Test
    void expandsVariablesAndDefaults() {
        assertEquals("alpha/alpha", ok("${A}/${A}"));
        assertEquals("x-alpha-y", ok("x-${A:-zzz}-y"));
        assertEquals("fallback", ok("${MISSING:-fallback}"));
        assertEquals("fallback", ok("${EMPTY:-fallback}"));
        assertEquals("", ok("${EMPTY}"));
        assertEquals("", ok("${MISSING:-}"));
        assertEquals("a:-b", ok("${MISSING:-a:-b}"));
    }

    @Test
    void dollarEscapes() {
        assertEquals("$A", ok("$$A"));
        assertEquals("${A}", ok("$${A}"));
        assertEquals("$alpha", ok("$$${A}"));
        assertEquals("cost: $5 $", ok("cost: $5 $"));
    }

    @Test
    void reportsWhatIsWrong() {
        assertEquals("uses ${NOPE}, but environment variable NOPE is not set (set it, or give a default: ${NOPE:-value})",
                problem("x${NOPE}"));
        assertEquals("has '${' without a closing '}' (write $$ for a literal $)", problem("${A"));
        assertEquals("has '${}', which is not a variable reference (names are letters, digits and _; write $$ for a"
                + " literal $)", problem("${}"));
    }
}
