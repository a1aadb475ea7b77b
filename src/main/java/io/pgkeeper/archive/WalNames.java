package io.pgkeeper.archive;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The file names PostgreSQL hands to archive_command and restore_command. Anything else is
 * refused before it can become a path: a WAL name is never allowed to hold {@code /} or {@code ..}.
 */
public final class WalNames {
    private static final Pattern SEGMENT = Pattern.compile("[0-9A-F]{24}");
    private static final Pattern PARTIAL = Pattern.compile("[0-9A-F]{24}\\.partial");
    private static final Pattern BACKUP = Pattern.compile("[0-9A-F]{24}\\.[0-9A-F]{8}\\.backup");
    private static final Pattern HISTORY = Pattern.compile("[0-9A-F]{8}\\.history");

    private WalNames() {}

    public enum Type {
        SEGMENT,
        PARTIAL,
        BACKUP_LABEL,
        HISTORY
    }

    public static Optional<Type> type(String name) {
        if (name == null) {
            return Optional.empty();
        }
        if (SEGMENT.matcher(name).matches()) return Optional.of(Type.SEGMENT);
        if (PARTIAL.matcher(name).matches()) return Optional.of(Type.PARTIAL);
        if (BACKUP.matcher(name).matches()) return Optional.of(Type.BACKUP_LABEL);
        if (HISTORY.matcher(name).matches()) return Optional.of(Type.HISTORY);
        return Optional.empty();
    }

    public static boolean isSegment(String name) {
        return name != null && SEGMENT.matcher(name).matches();
    }

    public static int timeline(String segmentOrHistory) {
        return Integer.parseUnsignedInt(segmentOrHistory.substring(0, 8), 16);
    }

    /** log * segmentsPerLog + seg: the segment's position within its timeline. */
    public static long segmentNumber(String segment, long segmentSize) {
        long log = Long.parseLong(segment.substring(8, 16), 16);
        long seg = Long.parseLong(segment.substring(16, 24), 16);
        return log * (0x100000000L / segmentSize) + seg;
    }

    public static String segmentName(int timeline, long segno, long segmentSize) {
        long perId = 0x100000000L / segmentSize;
        return String.format(Locale.ROOT, "%08X%08X%08X", timeline, segno / perId, segno % perId);
    }
}
