package io.pgkeeper.recovery;

import java.util.Map;
import java.util.Optional;

/**
 * One way of logging in to a restored copy with psql.
 *
 * @param role the database role
 * @param runAs the OS user psql runs as (root only), e.g. the server's own user for peer authentication
 * @param env libpq variables, e.g. PGPASSFILE; never a password in argv
 * @param socketOnly true when the login only works over the Unix socket (peer)
 * @param describe how a message names it, e.g. "role postgres as OS user postgres over the socket (peer)"
 */
public record Login(String role, Optional<String> runAs, Map<String, String> env, boolean socketOnly, String describe) {
    public Login {
        env = Map.copyOf(env);
    }

    /** The server's OS user through the copy's own socket: peer or trust, no password needed. */
    public static Login osUser(String user) {
        return new Login(user, Optional.of(user), Map.of("PGPASSFILE", "/nonexistent/pgkeeper-no-passfile"), true,
                "role " + user + " as OS user " + user + " over the copy's Unix socket");
    }
}
