package io.pgkeeper.backup;

import io.pgkeeper.policy.DumpFormat;
import java.nio.charset.StandardCharsets;

/**
 * File names for databases whose names may hold anything PostgreSQL allows: spaces, quotes,
 * slashes, unicode, a leading dash or dot. Safe characters stay readable; the rest is %XX.
 *
 * <p>Every file of a database ends in a suffix of its own ({@code .dump}, {@code .dir},
 * {@code .schema.sql}), so no database name can give a file the name of another database's file
 * or of the backup's own files ({@code manifest.json}, {@code globals.sql}): a database called
 * {@code globals.sql} dumps to {@code globals.sql.dump} or {@code globals.sql.dir}.
 */
public final class DumpFileNames {
    private DumpFileNames() {}

    public static String encode(String database) {
        StringBuilder sb = new StringBuilder();
        byte[] bytes = database.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean safe = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_'
                    || ((b == '-' || b == '.') && i > 0);
            if (safe) {
                sb.append((char) b);
            } else {
                sb.append('%').append(String.format("%02X", b));
            }
        }
        return sb.toString();
    }

    /** The archive pg_dump writes: a file for custom format, a directory for directory format. */
    public static String dump(String database, DumpFormat format) {
        return encode(database) + (format == DumpFormat.DIRECTORY ? ".dir" : ".dump");
    }

    /** The backup's copy of the database's schema, for verify's comparison. */
    public static String schema(String database) {
        return encode(database) + ".schema.sql";
    }
}
