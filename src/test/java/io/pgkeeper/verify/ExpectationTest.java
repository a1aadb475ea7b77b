package io.pgkeeper.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExpectationTest {
    private static boolean ok(String expect, String value) {
        return Expectation.expect(expect).evaluate(value, Optional.empty()).ok();
    }

    @Test
    void comparisonsOnNumbers() {
        assertTrue(ok(">= 1000", "1000"));
        assertFalse(ok(">= 1000", "999"));
        assertTrue(ok(">1000", "1000.5"));
        assertFalse(ok("> 1000", "1000"));
        assertTrue(ok("< 0.5", "0.25"));
        assertTrue(ok("<= -3", "-3"));
        assertTrue(ok("= 42", "42.000"));
        assertFalse(ok("= 42", "43"));
        assertTrue(ok("!= 0", "7"));
        assertFalse(ok("!= 0", "0"));
        assertTrue(ok(">= 1e3", "1000"));
    }

    @Test
    void comparisonStatesValueAndExpectation() {
        Expectation.Verdict v = Expectation.expect(">= 1000").evaluate("12", Optional.empty());
        assertFalse(v.ok());
        assertEquals("value 12 does not meet >= 1000", v.message());
    }

    @Test
    void nonNumberAndNullFailAComparison() {
        Expectation.Verdict text = Expectation.expect(">= 1").evaluate("abc", Optional.empty());
        assertFalse(text.ok());
        assertEquals("value 'abc' is not a number, expected >= 1", text.message());
        Expectation.Verdict nul = Expectation.expect("= 0").evaluate(null, Optional.empty());
        assertFalse(nul.ok());
        assertEquals("value is NULL, expected a number = 0", nul.message());
    }

    @Test
    void anythingElseIsLiteralTextComparedExactly() {
        assertInstanceOf(Expectation.Literal.class, Expectation.expect("ok"));
        assertInstanceOf(Expectation.Literal.class, Expectation.expect("=> 3"));
        assertTrue(ok("ok", "ok"));
        assertFalse(ok("ok", "OK"));
        assertFalse(ok("ok", "ok "));
        assertTrue(ok("true", "true"));
        Expectation.Verdict v = Expectation.expect("ready").evaluate("broken", Optional.empty());
        assertEquals("value 'broken' is not 'ready'", v.message());
    }

    @Test
    void freshMeansNoOlderThanTheDurationBeforeTheBackupStarted() {
        Instant started = Instant.parse("2026-11-21T03:00:00Z");
        Expectation fresh = Expectation.fresh(Duration.ofHours(24), started);
        Instant edge = Instant.parse("2026-11-20T03:00:00Z");
        assertTrue(fresh.evaluate(edge.toString(), Optional.of(edge)).ok());
        Instant after = Instant.parse("2026-11-21T05:00:00Z");
        assertTrue(fresh.evaluate(after.toString(), Optional.of(after)).ok(), "a value newer than the backup is fresh");
        Instant old = Instant.parse("2026-11-18T03:00:00Z");
        Expectation.Verdict v = fresh.evaluate(old.toString(), Optional.of(old));
        assertFalse(v.ok());
        assertEquals("value 2026-11-18T03:00:00Z is 3d older than the backup's start 2026-11-21T03:00:00Z; expected at most 1d", v.message());
        assertEquals("fresh: at most 1d before the backup started (not before 2026-11-20T03:00:00Z)", fresh.describe());
    }

    @Test
    void freshNeedsATimestamp() {
        Expectation fresh = Expectation.fresh(Duration.ofHours(1), Instant.parse("2026-11-21T03:00:00Z"));
        assertFalse(fresh.evaluate("42", Optional.empty()).ok());
        Expectation.Verdict nul = fresh.evaluate(null, Optional.empty());
        assertFalse(nul.ok());
        assertTrue(nul.message().startsWith("value is NULL, expected a timestamp not before 2026-11-21T02:00:00Z"), nul.message());
    }
}
