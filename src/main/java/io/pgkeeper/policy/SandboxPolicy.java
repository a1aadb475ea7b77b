package io.pgkeeper.policy;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The throwaway server verify starts.
 *
 * @param osUser who runs it when pgkeeper runs as root (PostgreSQL refuses to run as root)
 * @param baseDir where its temporary directory goes; the system temp directory when empty
 */
public record SandboxPolicy(String osUser, Optional<Path> baseDir) {

    public static SandboxPolicy defaults() {
        return new SandboxPolicy(VerifyKeys.SANDBOX_OS_USER.defaultValue(), Optional.empty());
    }
}
