package io.pgkeeper.restore;

import io.pgkeeper.error.PgKeeperException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The data directory a physical restore writes. It is refused while it holds postmaster.pid,
 * and replaced only with --force when it holds anything else; a marker file says a restore is
 * under way, so a killed restore is recognised as incomplete.
 */
final class TargetDirectory {
    static final String INCOMPLETE_MARKER = "pgkeeper-restore-incomplete";

    private TargetDirectory() {}

    /** Checks only; changes nothing. */
    static void check(Path pgdata, boolean force) {
        if (!Files.exists(pgdata)) {
            return;
        }
        if (!Files.isDirectory(pgdata)) {
            throw PgKeeperException.usage(pgdata + " exists and is not a directory; nothing was changed", "choose another --pgdata");
        }
        if (Files.exists(pgdata.resolve("postmaster.pid"))) {
            throw PgKeeperException.usage(pgdata + " holds postmaster.pid: a server may be running there; nothing was changed",
                    "stop that server first (pg_ctl -D " + pgdata + " stop); if it is not running, remove the stale postmaster.pid");
        }
        if (Files.exists(pgdata.resolve(INCOMPLETE_MARKER)) && !force) {
            throw PgKeeperException.usage(pgdata + " holds an incomplete restore (it was interrupted); nothing was changed",
                    "pass --force to replace it");
        }
        if (!isEmpty(pgdata) && !force) {
            throw PgKeeperException.usage(pgdata + " is not empty; nothing was changed",
                    "restore into an empty or new directory, or pass --force to replace this stopped data directory");
        }
    }

    /** Empties the directory (after {@link #check}). */
    static void clear(Path pgdata) throws IOException {
        try (Stream<Path> walk = Files.walk(pgdata)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(pgdata)) {
                    Files.delete(p);
                }
            }
        }
    }

    static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot read " + dir + ": " + e.getMessage(), null, e);
        }
    }
}
