package io.pgkeeper.verify;

/**
 * The outcome of one policy check against the sandbox.
 *
 * @param value the value the query returned, as text; null when there was none (error, no row, NULL)
 * @param expected the expectation as written in reports, e.g. {@code >= 1000}
 */
public record CheckResult(String name, String database, boolean ok, String value, String expected, String message) {}
