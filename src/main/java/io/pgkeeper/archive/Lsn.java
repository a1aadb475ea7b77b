package io.pgkeeper.archive;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A WAL location, written {@code X/Y} in hex as PostgreSQL prints it. */
public record Lsn(long value) implements Comparable<Lsn> {
    private static final Pattern TEXT = Pattern.compile("([0-9A-Fa-f]{1,8})/([0-9A-Fa-f]{1,8})");

    public static Lsn parse(String text) {
        Matcher m = TEXT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an LSN (expected e.g. 0/3000060): " + text);
        }
        return new Lsn((Long.parseLong(m.group(1), 16) << 32) | Long.parseLong(m.group(2), 16));
    }

    public static boolean isValid(String text) {
        return text != null && TEXT.matcher(text.trim()).matches();
    }

    /** The name of the WAL segment that holds this location. */
    public String segmentName(int timeline, long segmentSize) {
        long segno = value / segmentSize;
        long perId = 0x100000000L / segmentSize;
        return String.format(Locale.ROOT, "%08X%08X%08X", timeline, segno / perId, segno % perId);
    }

    @Override
    public int compareTo(Lsn o) {
        return Long.compareUnsigned(value, o.value);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%X/%X", value >>> 32, value & 0xFFFFFFFFL);
    }
}
