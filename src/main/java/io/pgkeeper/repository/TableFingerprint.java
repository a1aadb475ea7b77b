package io.pgkeeper.repository;

/**
 * @param rows exact count in the dump's snapshot, or the planner estimate when {@code estimated}
 */
public record TableFingerprint(String schema, String name, long rows, boolean estimated, long sizeBytes) {

    public String qualifiedName() {
        return schema + "." + name;
    }
}
