package io.pgkeeper.policy;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to reach the server, in libpq's terms. Unset values fall back to the PG* environment
 * variables, exactly as libpq does. The password itself is never stored here: only where to
 * find it ({@code passfile} or the name of an environment variable).
 */
public record ConnectionPolicy(
        Optional<String> host,
        Optional<Integer> port,
        Optional<String> user,
        Optional<String> dbname,
        Optional<Path> passfile,
        Optional<String> passwordEnv) {

    public static ConnectionPolicy fromEnvironment() {
        return new ConnectionPolicy(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }
}
