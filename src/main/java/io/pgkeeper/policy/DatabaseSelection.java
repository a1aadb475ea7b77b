package io.pgkeeper.policy;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/** Glob patterns ({@code *}, {@code ?}, {@code [abc]}) over database names. Exclude wins. */
public record DatabaseSelection(List<String> include, List<String> exclude) {

    public DatabaseSelection {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    public static DatabaseSelection defaults() {
        return new DatabaseSelection(LogicalKeys.INCLUDE.defaultValue(), LogicalKeys.EXCLUDE.defaultValue());
    }

    public boolean selects(String database) {
        return matchesAny(include, database) && !matchesAny(exclude, database);
    }

    private static boolean matchesAny(List<String> patterns, String database) {
        for (String pattern : patterns) {
            if (glob(pattern).matches(Path.of(safeSegment(database)))) {
                return true;
            }
        }
        return false;
    }

    private static PathMatcher glob(String pattern) {
        return FileSystems.getDefault().getPathMatcher("glob:" + safeSegment(pattern));
    }

    /** Path matching treats '/' as a separator; database names may contain one, patterns rarely do. */
    private static String safeSegment(String s) {
        return s.replace('/', '\u2215');
    }
}
