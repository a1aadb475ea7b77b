package io.pgkeeper.engine;

import java.util.List;

/**
 * What an engine's own retention did after pgkeeper's prune (pgbackrest expire). The JSON of
 * {@code prune --json} puts it under the engine's name.
 *
 * @param stanza where it ran
 * @param actions what it removed (or would remove), one line each, as the tool wrote it
 * @param retained the backups still there afterwards (before, in a dry run)
 */
public record Expiry(String stanza, boolean dryRun, List<String> actions, List<String> retained) {

    public Expiry {
        actions = List.copyOf(actions);
        retained = List.copyOf(retained);
    }
}
