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
 * @param tablespaces the user tablespaces, each with its {@code <oid>.tar}; null in manifests written before they were recorded
 * @param fromStandby the source was a standby (in recovery) when the backup was taken; null when not recorded
 * @param port the port the source listened on, which a restored copy keeps unless told otherwise
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
        @JsonInclude(JsonInclude.Include.NON_NULL) String prior,
        @JsonInclude(JsonInclude.Include.NON_NULL) java.util.List<TablespaceEntry> tablespaces,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean fromStandby,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer port) {

    public PhysicalInfo {
        tablespaces = tablespaces == null ? null : java.util.List.copyOf(tablespaces);
    }

    /** As before tablespaces, the source's role and port were recorded (pgBackRest's manifests). */
    public PhysicalInfo(String engine, String format, String compression, String startLsn, String stopLsn, int timeline,
            String startWalSegment, String stopWalSegment, long walSegmentSize, boolean verifiedWithPgVerifybackup, String type, String prior) {
        this(engine, format, compression, startLsn, stopLsn, timeline, startWalSegment, stopWalSegment, walSegmentSize,
                verifiedWithPgVerifybackup, type, prior, null, null, null);
    }

    /** A pg_basebackup backup: a full backup standing alone. */
    public PhysicalInfo(String engine, String format, String compression, String startLsn, String stopLsn, int timeline,
            String startWalSegment, String stopWalSegment, long walSegmentSize, boolean verifiedWithPgVerifybackup) {
        this(engine, format, compression, startLsn, stopLsn, timeline, startWalSegment, stopWalSegment, walSegmentSize,
                verifiedWithPgVerifybackup, null, null, null, null, null);
    }
}
