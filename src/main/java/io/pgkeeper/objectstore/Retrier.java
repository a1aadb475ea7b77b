package io.pgkeeper.objectstore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one request to the store, again after a transient failure ({@link StoreFailure#UNAVAILABLE}),
 * within {@link RetryBounds}: exponential backoff with jitter, at most so many attempts, no new
 * attempt past the deadline. Any other failure (absent, denied, rejected, damaged) is final at
 * once: retrying a wrong key or a refused checksum only delays the error.
 */
public final class Retrier {
    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

    /** One attempt at a request. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws Exception;
    }

    /** Waits; the tests' one advances a fake clock instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final RetryBounds bounds;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;
    private final S3Failures failures;

    public Retrier(RetryBounds bounds, Clock clock, Sleeper sleeper, DoubleSupplier jitter, S3Failures failures) {
        this.bounds = bounds;
        this.clock = clock;
        this.sleeper = sleeper;
        this.jitter = jitter;
        this.failures = failures;
    }

    /** Real waits, with random jitter. */
    public static Retrier of(RetryBounds bounds, Clock clock, S3Failures failures) {
        return new Retrier(bounds, clock, d -> Thread.sleep(d.toMillis()), Math::random, failures);
    }

    /**
     * @param what the request, for messages: {@code uploading part 3 of s3://b/k}
     */
    public <T> T call(String what, Attempt<T> attempt) {
        Instant start = clock.instant();
        for (int n = 1;; n++) {
            try {
                return attempt.run();
            } catch (Exception e) {
                ObjectStoreException failure = failures.classify(what, e);
                if (!failure.failure().transientFailure()) {
                    throw failure;
                }
                Duration wait = jittered(bounds.delayAfter(n));
                Duration spent = Duration.between(start, clock.instant());
                if (n >= bounds.attempts() || spent.plus(wait).compareTo(bounds.deadline()) > 0) {
                    throw failures.gaveUp(what, n, spent, failure);
                }
                LOG.warn("{}: {}; trying again in {} ms (attempt {} of at most {})", what, failure.getMessage(), wait.toMillis(), n + 1,
                        bounds.attempts());
                pause(wait, failure);
            }
        }
    }

    /** Between half the delay and the whole of it. */
    private Duration jittered(Duration d) {
        double factor = 0.5 + 0.5 * Math.min(1.0, Math.max(0.0, jitter.getAsDouble()));
        return Duration.ofMillis((long) (d.toMillis() * factor));
    }

    private void pause(Duration wait, ObjectStoreException failure) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }
}
