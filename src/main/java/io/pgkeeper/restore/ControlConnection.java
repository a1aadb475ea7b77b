package io.pgkeeper.restore;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.postgres.PgAccess;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The connection a restore creates, drops and renames databases from. It must not be to the
 * database being replaced (a server cannot drop the database a session is connected to), so
 * when the target is the policy's own database (often {@code postgres}) it connects to another
 * one; on a new server the policy's database may not exist yet either.
 */
final class ControlConnection {
    private ControlConnection() {}

    static Connection open(PgAccess access, String... avoid) {
        Set<String> candidates = new LinkedHashSet<>(List.of(access.maintenanceDb(), "postgres", "template1"));
        candidates.removeAll(List.of(avoid));
        List<PgKeeperException> failures = new ArrayList<>();
        for (String db : candidates) {
            try {
                return access.connect(db);
            } catch (PgKeeperException e) {
                // that database may be missing on this server: the next candidate will do
                failures.add(e);
            }
        }
        throw failures.isEmpty() ? PgKeeperException.failed("no database to connect to on " + access.describe(), null) : failures.get(0);
    }
}
