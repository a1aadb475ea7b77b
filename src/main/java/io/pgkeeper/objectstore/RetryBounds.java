package io.pgkeeper.objectstore;

import java.time.Duration;

/**
 * How long a request may keep failing transiently before it fails for good: at most
 * {@code attempts} tries, waiting {@code firstDelay}, then twice that, and so on up to
 * {@code maxDelay} between them (each wait shortened by a random part of up to half, so that
 * many archivers do not retry in step), and no new try once {@code deadline} has passed since
 * the first.
 */
public record RetryBounds(int attempts, Duration firstDelay, Duration maxDelay, Duration deadline) {
    /** About two minutes of trying: long enough for a store's restart, short enough for archive_command. */
    public static final RetryBounds DEFAULT = new RetryBounds(8, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(2));

    public RetryBounds {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1 (got " + attempts + ")");
        }
        if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= firstDelay <= maxDelay (got " + firstDelay + ", " + maxDelay + ")");
        }
    }

    /**
     * The wait after failed attempt {@code n} (1-based), before jitter: firstDelay * 2^(n-1),
     * capped at maxDelay.
     */
    public Duration delayAfter(int n) {
        long first = firstDelay.toMillis();
        long max = maxDelay.toMillis();
        int shift = Math.min(n - 1, 30);
        long d = first > (max >> shift) ? max : first << shift;
        return Duration.ofMillis(Math.min(d, max));
    }
}
