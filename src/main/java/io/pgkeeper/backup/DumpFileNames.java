package io.pgkeeper.backup;

import java.nio.charset.StandardCharsets;

/**
 * File names for databases whose names may hold anything PostgreSQL allows: spaces, quotes,
 * slashes, unicode, a leading dash or dot. Safe characters stay readable; the rest is %XX.
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
}
