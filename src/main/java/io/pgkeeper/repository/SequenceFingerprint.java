package io.pgkeeper.repository;

/** A sequence's last value at backup time; {@code lastValue} is null for a sequence never used. */
public record SequenceFingerprint(String schema, String name, Long lastValue) {}
