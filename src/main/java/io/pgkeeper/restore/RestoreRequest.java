package io.pgkeeper.restore;

import java.time.Duration;
import java.util.Optional;

/** A logical restore of one database; {@code into} defaults to the database's own name. */
public record RestoreRequest(String backupId, String database, Optional<String> into, Optional<Integer> jobs,
        boolean clean, boolean globals, Duration lockWait) {

    public String target() {
        return into.orElse(database);
    }
}
