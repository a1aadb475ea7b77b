package io.pgkeeper.restore;

import io.pgkeeper.error.PgKeeperException;
import java.nio.charset.StandardCharsets;

/** Names a restore creates: checked before anything is created. Pure. */
public final class TargetNames {
    /** NAMEDATALEN - 1: the server silently truncates longer names. */
    public static final int MAX_BYTES = 63;

    private TargetNames() {}

    public static void check(String target) {
        int bytes = target.getBytes(StandardCharsets.UTF_8).length;
        if (target.isEmpty()) {
            throw PgKeeperException.usage("the target database name is empty; nothing was changed", "pass --into NAME");
        }
        if (bytes > MAX_BYTES) {
            throw PgKeeperException.usage("the target database name \"" + target + "\" is " + bytes + " bytes long; PostgreSQL keeps only "
                    + MAX_BYTES + " and would silently cut it; nothing was changed", "pass a shorter --into NAME");
        }
    }

    /** The staging database of one restore: a backup id is 16 characters, so this stays far below the limit. */
    public static String staging(String backupId) {
        return "pgkeeper_restore_" + backupId.toLowerCase(java.util.Locale.ROOT);
    }
}
