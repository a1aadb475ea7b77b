package io.pgkeeper.util;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** pgkeeper's own version, filled in by the Maven build. */
public final class PgKeeperVersion {
    private PgKeeperVersion() {}

    public static String get() {
        Properties p = new Properties();
        try (InputStream in = PgKeeperVersion.class.getResourceAsStream("/pgkeeper-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }
}
