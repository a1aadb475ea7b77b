package io.pgkeeper.restore;

import io.pgkeeper.util.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The steps of a long restore in order, each with how long it took and what it did; a step that throws ends the run. */
final class TimedSteps {
    private static final Logger log = LoggerFactory.getLogger(TimedSteps.class);

    private final List<PointInTimeResult.Step> steps = new ArrayList<>();

    void run(String name, Supplier<String> body) {
        long t0 = System.nanoTime();
        log.info("{}: started", name);
        String detail = body.get();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        steps.add(new PointInTimeResult.Step(name, ms, detail));
        log.info("{}: {} ({})", name, detail, Durations.format(Duration.ofMillis(ms)));
    }

    List<PointInTimeResult.Step> steps() {
        return List.copyOf(steps);
    }
}
