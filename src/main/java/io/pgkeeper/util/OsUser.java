package io.pgkeeper.util;

import com.sun.security.auth.module.UnixSystem;

/** Who pgkeeper runs as; PostgreSQL refuses to run as root, so root changes what we start. */
public final class OsUser {
    private OsUser() {}

    public static boolean isRoot() {
        return new UnixSystem().getUid() == 0;
    }

    public static String name() {
        return new UnixSystem().getUsername();
    }
}
