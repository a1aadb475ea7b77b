package io.pgkeeper.retention;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which files of the WAL archive no kept backup needs. Only names pgkeeper recognises can go:
 * anything else, and every {@code .history} file (needed to follow timelines at any age), stays.
 */
public final class WalExpiry {
    private static final Pattern SEGMENT = Pattern.compile("[0-9A-F]{24}");
    private static final Pattern SEGMENT_FILE = Pattern.compile("([0-9A-F]{24})(?:\\.partial)?(?:-[0-9a-f]{64})?(?:\\.(?:gz|zst))?");
    private static final Pattern BACKUP_HISTORY_FILE = Pattern.compile("([0-9A-F]{24})\\.[0-9A-F]{8}\\.backup(?:-[0-9a-f]{64})?(?:\\.(?:gz|zst))?");

    private WalExpiry() {}

    /**
     * The names below {@code keepFrom}, in input order. Segments compare by log and segment number
     * only, whatever their timeline: a segment from an older or newer timeline that precedes the
     * oldest kept backup's start is as useless as one from the same timeline.
     *
     * @param keepFrom a 24-hex segment name, usually {@link RetentionPlan#walKeepFrom()}
     */
    public static List<String> deletable(List<String> walFileNames, String keepFrom) {
        if (keepFrom == null || !isSegmentName(keepFrom)) {
            throw new IllegalArgumentException("keepFrom must be a 24-hex WAL segment name, got '" + keepFrom + "'");
        }
        String limit = logAndSegment(keepFrom);
        return walFileNames.stream()
                .filter(name -> segmentOf(name).map(s -> logAndSegment(s).compareTo(limit) < 0).orElse(false))
                .toList();
    }

    /** A bare WAL segment name as PostgreSQL writes it: 24 upper-case hex digits. */
    public static boolean isSegmentName(String name) {
        return SEGMENT.matcher(name).matches();
    }

    private static Optional<String> segmentOf(String name) {
        for (Pattern p : List.of(SEGMENT_FILE, BACKUP_HISTORY_FILE)) {
            Matcher m = p.matcher(name);
            if (m.matches()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    /** Fixed-width upper-case hex, so comparing the text compares the numbers. */
    static String logAndSegment(String segment) {
        return segment.substring(8);
    }
}
