package io.pgkeeper.restore;

import io.pgkeeper.error.PgKeeperException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The data directory a physical restore writes. It is refused while it holds postmaster.pid.
 * {@code --force} replaces only what is known to be a stopped data directory (it holds
 * PG_VERSION) or an interrupted restore (it holds the marker); any other non-empty directory is
 * refused, with or without --force, because emptying it could destroy anything.
 */
public final class TargetDirectory {
    public static final String INCOMPLETE_MARKER = "pgkeeper-restore-incomplete";

    private TargetDirectory() {}

    /** Checks only; changes nothing. */
    public static void check(Path pgdata, boolean force) {
        if (!Files.exists(pgdata, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(pgdata)) {
            throw PgKeeperException.usage(pgdata + " exists and is not a directory; nothing was changed", "choose another --pgdata");
        }
        if (Files.exists(pgdata.resolve("postmaster.pid"))) {
            throw PgKeeperException.usage(pgdata + " holds postmaster.pid: a server may be running there; nothing was changed",
                    "stop that server first (pg_ctl -D " + pgdata + " stop); if it is not running, remove the stale postmaster.pid");
        }
        if (isEmpty(pgdata)) {
            return;
        }
        boolean marker = Files.exists(pgdata.resolve(INCOMPLETE_MARKER));
        boolean dataDir = Files.isRegularFile(pgdata.resolve("PG_VERSION"));
        if (!marker && !dataDir) {
            throw PgKeeperException.usage(pgdata + " is not empty and is not a PostgreSQL data directory (it has no PG_VERSION)"
                    + "; nothing was changed", "restore into an empty or new directory; --force replaces only a stopped data directory"
                    + " or an interrupted restore");
        }
        if (!force) {
            throw PgKeeperException.usage(marker ? pgdata + " holds an incomplete restore (it was interrupted); nothing was changed"
                    : pgdata + " is not empty: it holds a data directory; nothing was changed",
                    marker ? "pass --force to replace it" : "restore into an empty or new directory, or pass --force to replace this stopped data directory");
        }
    }

    /** The pg_tblspc links of the data directory a --force restore replaces: its own tablespaces may be replaced with it. */
    public static Map<String, Path> tablespaceLinks(Path pgdata) {
        Map<String, Path> out = new LinkedHashMap<>();
        Path dir = pgdata.resolve("pg_tblspc");
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path link : s.toList()) {
                if (Files.isSymbolicLink(link)) {
                    Path target = Files.readSymbolicLink(link);
                    out.put(link.getFileName().toString(), dir.resolve(target).normalize());
                }
            }
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot read " + dir + ": " + e.getMessage(), "check its permissions", e);
        }
        return out;
    }

    /** Empties the directory (after {@link #check}); links are removed, never followed. */
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
