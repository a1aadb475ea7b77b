package io.pgkeeper.repository;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a physical backup needs for recovery: where its WAL starts and ends, on which timeline,
 * and how the base backup is stored.
 *
 * @param engine {@code pg_basebackup} or {@code pgbackrest}
 * @param compression the pg_basebackup --compress value, or {@code none}
 * @param walSegmentSize bytes per WAL segment of the source cluster
 * @param type pgBackRest's full, diff or incr; null for pg_basebackup (always full)
 * @param prior pgBackRest only: the label of the backup a diff or incr builds on
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
        boolean verifiedWithPgVerifybackup,
        @JsonInclude(JsonInclude.Include.NON_NULL) String type,
        @JsonInclude(JsonInclude.Include.NON_NULL) String prior) {

    /** A pg_basebackup backup: a full backup standing alone. */
    public PhysicalInfo(String engine, String format, String compression, String startLsn, String stopLsn, int timeline,
            String startWalSegment, String stopWalSegment, long walSegmentSize, boolean verifiedWithPgVerifybackup) {
        this(engine, format, compression, startLsn, stopLsn, timeline, startWalSegment, stopWalSegment, walSegmentSize,
                verifiedWithPgVerifybackup, null, null);
    }
}
