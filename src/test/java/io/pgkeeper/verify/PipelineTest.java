package io.pgkeeper.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.error.PgKeeperException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one verify pipeline: steps hand their state on, the first failure stops it, and only evidence fails a backup. */
class PipelineTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

    private record Sandbox(String dir) {}

    private record Server(Sandbox sandbox, int port) {}

    @Test
    void eachStepStartsFromTheStateTheLastOneHandedOn() {
        StepRecorder p = new StepRecorder(CLOCK, "b1", () -> true);
        Optional<Server> end = p.step("sandbox", () -> Proved.that("made", new Sandbox("/tmp/s")))
                .flatMap(s -> p.step("start", () -> Proved.that("started in " + s.dir(), new Server(s, 5433))))
                .flatMap(s -> p.step("recovery", () -> Proved.that("recovered on " + s.port(), s)));
        assertEquals(Optional.of(new Server(new Sandbox("/tmp/s"), 5433)), end);
        assertEquals(0, p.exitCode());
        assertEquals(List.of("made", "started in /tmp/s", "recovered on 5433"), p.steps().stream().map(StepResult::message).toList());
    }

    @Test
    void theFirstFailureStopsTheRunAndNoLaterStepRuns() {
        StepRecorder p = new StepRecorder(CLOCK, "b1", () -> true);
        List<String> ran = new ArrayList<>();
        Optional<Proved.Nothing> end = p.step("integrity", () -> {
            ran.add("integrity");
            return Proved.that("ok");
        }).flatMap(x -> p.step("sandbox", () -> {
            ran.add("sandbox");
            throw StepFailure.provenBad("pg_verifybackup found damage");
        })).flatMap(x -> p.step("checks", () -> {
            ran.add("checks");
            return Proved.that("ok");
        }));
        assertTrue(end.isEmpty());
        assertEquals(List.of("integrity", "sandbox"), ran);
        assertEquals(3, p.exitCode());
        assertEquals("sandbox: pg_verifybackup found damage", p.failure());
        // a later step asked for directly does not run either
        assertTrue(p.step("late", () -> Proved.that("ran")).isEmpty());
        assertEquals(2, p.steps().size());
    }

    @Test
    void onlyEvidenceFailsTheBackup() {
        StepRecorder error = new StepRecorder(CLOCK, "b1", () -> true);
        error.step("start", () -> {
            throw PgKeeperException.failed("the throwaway server did not start", "see its log");
        });
        assertEquals(1, error.exitCode());
        assertTrue(error.failure().contains("hint: see its log"), error.failure());

        StepRecorder unexpected = new StepRecorder(CLOCK, "b1", () -> true);
        unexpected.step("start", () -> {
            throw new IllegalStateException("boom");
        });
        assertEquals(1, unexpected.exitCode());

        StepRecorder gone = new StepRecorder(CLOCK, "b1", () -> false);
        gone.step("integrity", () -> {
            throw StepFailure.provenBad("3 files do not match");
        });
        assertEquals(1, gone.exitCode(), "a backup pruned meanwhile proves nothing");
        assertFalse(gone.steps().get(0).ok());
        assertTrue(gone.failure().contains("was removed while verify was reading it"), gone.failure());
    }
}
