package io.pgkeeper.engine;

import java.util.List;

/**
 * What an engine's own archiving check found ({@code pgbackrest check}).
 *
 * @param hint what to do when it failed
 * @param evidence the tool's own lines, when it failed
 */
public record ArchivingCheck(boolean ok, String message, String hint, List<String> evidence) {

    public ArchivingCheck {
        evidence = List.copyOf(evidence);
    }
}
