package io.pgkeeper.restore;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.repository.TablespaceEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where each tablespace of a backup goes, decided before anything is written. Without a mapping
 * a tablespace goes back to the directory it had on the source, and only when that directory is
 * absent or empty: a non-empty one is most likely the source's own tablespace, and writing into
 * it would corrupt the source. The one exception is a {@code --force} restore over a stopped data
 * directory whose own pg_tblspc link points there: that tablespace is replaced with the cluster.
 */
public final class TablespacePlan {
    private static final java.util.regex.Pattern VERSION_DIR = java.util.regex.Pattern.compile("PG_\\d+_\\d+");

    /**
     * @param replace the tablespace directory belongs to the data directory --force replaces: its
     *     {@code PG_<major>_<catversion>} directories are removed before extraction
     */
    public record Placement(String oid, String name, Path from, Path to, boolean mapped, boolean replace) {}

    private TablespacePlan() {}

    /**
     * @param replacedLinks oid to target of the pg_tblspc links of the data directory being replaced with --force
     */
    public static List<Placement> plan(List<TablespaceEntry> recorded, List<TablespaceMapping> mappings, Path pgdata,
            Map<String, Path> replacedLinks) {
        Map<Path, TablespaceMapping> byFrom = new HashMap<>();
        for (TablespaceMapping m : mappings) {
            if (byFrom.put(m.from(), m) != null) {
                throw PgKeeperException.usage("--tablespace-map names " + m.from() + " twice", "give one mapping per tablespace");
            }
            if (recorded.stream().noneMatch(t -> Path.of(t.path()).normalize().equals(m.from()))) {
                throw PgKeeperException.usage("--tablespace-map " + m.from() + "=...: the backup has no tablespace at " + m.from()
                        + "; nothing was changed", recorded.isEmpty() ? "this backup has no user tablespace; leave out --tablespace-map"
                        : "its tablespaces are: " + describe(recorded));
            }
        }
        List<Placement> out = new ArrayList<>();
        Set<Path> targets = new HashSet<>();
        for (TablespaceEntry t : recorded) {
            Path from = Path.of(t.path()).normalize();
            if (!from.isAbsolute()) {
                continue; // an in-place tablespace (allow_in_place_tablespaces) lives inside base.tar
            }
            Optional<TablespaceMapping> m = Optional.ofNullable(byFrom.get(from));
            Path to = m.map(TablespaceMapping::to).orElse(from);
            String option = "--tablespace-map " + from + "=NEW_DIRECTORY";
            if (to.startsWith(pgdata) || pgdata.startsWith(to)) {
                throw PgKeeperException.usage("tablespace " + label(t) + " would go to " + to + ", which overlaps the data directory " + pgdata
                        + "; nothing was changed", "map it to a directory outside the data directory: " + option);
            }
            if (!targets.add(to)) {
                throw PgKeeperException.usage("two tablespaces would go to " + to + "; nothing was changed", "map each to a directory of its own");
            }
            boolean replace = false;
            if (Files.exists(to, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isDirectory(to)) {
                    throw PgKeeperException.usage("tablespace " + label(t) + ": " + to + " exists and is not a directory; nothing was changed",
                            "remove it, or " + option);
                }
                if (!isEmpty(to)) {
                    replace = Optional.ofNullable(replacedLinks.get(t.oid())).map(p -> sameDir(p, to)).orElse(false);
                    if (!replace) {
                        throw PgKeeperException.usage("tablespace " + label(t) + ": " + to + " is not empty (" + contents(to)
                                + ": the tablespace of another cluster, maybe of the running source); nothing was changed",
                                "restore it elsewhere with " + option + ", or empty the directory if nothing uses it");
                    }
                }
            }
            out.add(new Placement(t.oid(), t.name(), from, to, m.isPresent(), replace));
        }
        return out;
    }

    /** The version directories a replace removes: only PostgreSQL's own, not what else the directory holds. */
    static List<Path> versionDirs(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> VERSION_DIR.matcher(p.getFileName().toString()).matches()).toList();
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot read " + dir + ": " + e.getMessage(), null, e);
        }
    }

    private static boolean sameDir(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw PgKeeperException.failed("cannot read " + dir + ": " + e.getMessage(), "check its permissions", e);
        }
    }

    private static String contents(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().limit(3).toList();
            return "it holds " + String.join(", ", names);
        } catch (IOException e) {
            return "unreadable";
        }
    }

    static String label(TablespaceEntry t) {
        return (t.name() == null ? "" : t.name() + " ") + "(oid " + t.oid() + ")";
    }

    private static String describe(List<TablespaceEntry> recorded) {
        return String.join(", ", recorded.stream().map(t -> label(t) + " at " + t.path()).toList());
    }
}
