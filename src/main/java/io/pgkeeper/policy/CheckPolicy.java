package io.pgkeeper.policy;

import java.time.Duration;
import java.util.Optional;

/**
 * One SQL check verify runs against the restored copy. Exactly one of {@code expect} or
 * {@code fresh} is set.
 *
 * @param expect a comparison such as {@code ">= 1000"}, or a literal compared as text
 * @param fresh the value is a timestamp no older than this before the backup started
 */
public record CheckPolicy(String name, String database, String sql, Optional<String> expect, Optional<Duration> fresh) {}
