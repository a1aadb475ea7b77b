package io.pgkeeper.objectstore;

import java.time.Duration;

/**
 * Per-attempt limits of the HTTP client: {@code connect} for the TCP and TLS handshake, and
 * {@code read} for a response to start or a response body to go on (a stopped server that still
 * accepts connections is caught by this one). An attempt that exceeds either is retried within
 * the {@link RetryBounds}.
 */
public record Timeouts(Duration connect, Duration read) {
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60));
}
