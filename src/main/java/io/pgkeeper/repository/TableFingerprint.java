package io.pgkeeper.repository;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * @param rows exact count in the dump's snapshot, or the planner estimate when {@code estimated};
 *     -1 when the table has no usable estimate (never analysed or vacuumed since its statistics
 *     were last reset, so nobody knows how old its {@code reltuples} is)
 * @param changedSinceEstimate rows inserted, updated or deleted since the estimate was taken
 *     ({@code n_mod_since_analyze}): the estimate cannot see them, so verify allows that much more
 *     difference; 0 for exact counts and for manifests written before it was recorded
 */
public record TableFingerprint(String schema, String name, long rows, boolean estimated, long sizeBytes,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long changedSinceEstimate) {

    public TableFingerprint(String schema, String name, long rows, boolean estimated, long sizeBytes) {
        this(schema, name, rows, estimated, sizeBytes, 0);
    }

    public String qualifiedName() {
        return schema + "." + name;
    }
}
