package io.pgkeeper.policy;

import io.pgkeeper.error.PgKeeperException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which policy file a run uses: {@code --policy}, else {@code $PGKEEPER_POLICY}, else
 * {@code ./pgkeeper.yaml}, else the system-wide file. A file named explicitly (flag or variable)
 * must exist: falling back to another policy would back up with settings nobody asked for.
 */
public final class PolicyLocator {
    public static final String ENV_VARIABLE = "PGKEEPER_POLICY";
    public static final String LOCAL_NAME = "pgkeeper.yaml";
    public static final Path SYSTEM_POLICY = Path.of("/etc/pgkeeper/pgkeeper.yaml");
    static final String HINT = "pass --policy FILE or create ./pgkeeper.yaml (see config/pgkeeper.example.yaml)";

    private final Path systemPolicy;

    public PolicyLocator() {
        this(SYSTEM_POLICY);
    }

    /** @param systemPolicy the last place looked at; tests point it into a temporary directory */
    public PolicyLocator(Path systemPolicy) {
        this.systemPolicy = systemPolicy;
    }

    /** Locates with the system-wide file at {@link #SYSTEM_POLICY}. */
    public static Path locate(Optional<Path> flag, Map<String, String> env, Path cwd) {
        return new PolicyLocator().find(flag, env, cwd);
    }

    /** @param cwd the directory relative paths (the flag, the variable, ./pgkeeper.yaml) are taken from */
    public Path find(Optional<Path> flag, Map<String, String> env, Path cwd) {
        if (flag.isPresent()) {
            return explicit(cwd.resolve(flag.get()), "--policy");
        }
        String fromEnv = env.get(ENV_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path file;
            try {
                file = cwd.resolve(fromEnv);
            } catch (InvalidPathException e) {
                throw PgKeeperException.usage("$" + ENV_VARIABLE + " is not a usable path (" + e.getReason() + ")", HINT);
            }
            return explicit(file, "$" + ENV_VARIABLE);
        }
        List<Path> looked = new ArrayList<>();
        for (Path candidate : List.of(cwd.resolve(LOCAL_NAME), systemPolicy)) {
            if (Files.exists(candidate)) {
                return candidate;
            }
            looked.add(candidate);
        }
        throw PgKeeperException.usage("no policy file found; looked at --policy (not given), $" + ENV_VARIABLE
                + " (not set), " + looked.get(0) + ", " + looked.get(1), HINT);
    }

    private static Path explicit(Path file, String source) {
        if (!Files.exists(file)) {
            throw PgKeeperException.usage("policy file " + file + " (from " + source + ") does not exist", HINT);
        }
        return file;
    }
}
