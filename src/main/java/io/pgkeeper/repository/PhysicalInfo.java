package io.pgkeeper.repository;

/**
 * What a physical backup needs for recovery: where its WAL starts and ends, on which timeline,
 * and how the base backup is stored.
 *
 * @param engine {@code pg_basebackup} or {@code pgbackrest}
 * @param compression the pg_basebackup --compress value, or {@code none}
 * @param walSegmentSize bytes per WAL segment of the source cluster
 */
public record PhysicalInfo(
        String engine,
        String format,
        String compression,
        String startLsn,
        String stopLsn,
        int timeline,
        String startWalSegment,
        String stopWalSegment,
        long walSegmentSize,
        boolean verifiedWithPgVerifybackup) {}
