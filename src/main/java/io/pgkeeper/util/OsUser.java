package io.pgkeeper.util;

import com.sun.security.auth.module.UnixSystem;

/**
 * Who pgkeeper runs as, read anew at each call. Superseded by {@link OsIdentity}, which the
 * composition root reads once and hands down; kept only for repository/, archive/ and
 * {@link SecureFiles} until they take an {@link OsIdentity} too (AmbientInputsTest lists them).
 */
public final class OsUser {
    private OsUser() {}

    public static boolean isRoot() {
        return new UnixSystem().getUid() == 0;
    }

    public static String name() {
        return new UnixSystem().getUsername();
    }
}
