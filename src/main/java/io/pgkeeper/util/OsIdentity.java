package io.pgkeeper.util;

import com.sun.security.auth.module.UnixSystem;
import java.util.Optional;

/**
 * Who this pgkeeper process runs as. Read once, by the composition root (the CLI's context and
 * the archive fast path), and handed down: PostgreSQL refuses to run as root, so being root
 * changes what pgkeeper starts and which owner it gives the files it creates, and tests can pass
 * another identity instead of depending on how the suite was started.
 */
public record OsIdentity(String name, long uid) {

    public static OsIdentity current() {
        UnixSystem u = new UnixSystem();
        return new OsIdentity(u.getUsername(), u.getUid());
    }

    public boolean root() {
        return uid == 0;
    }

    /**
     * As whom to run a tool that must not run as root (initdb, pg_ctl, pgbackrest): {@code user}
     * when this process is root, else nobody else (it runs as this user, who cannot switch).
     */
    public Optional<String> runAs(String user) {
        return root() ? Optional.of(user) : Optional.empty();
    }
}
