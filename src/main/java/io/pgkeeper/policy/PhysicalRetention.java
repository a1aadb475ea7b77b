package io.pgkeeper.policy;

import java.time.Duration;
import java.util.Optional;

/** Retention for base backups and the WAL they need. */
public record PhysicalRetention(int keepFull, Optional<Duration> recoveryWindow, int minKeep) {}
