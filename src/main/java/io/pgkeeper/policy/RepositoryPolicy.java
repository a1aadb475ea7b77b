package io.pgkeeper.policy;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where backups live: {@code <path>/<cluster>/logical|physical|wal|locks}.
 *
 * @param stateDir the local directory for plaintext that must never enter the repository (staging,
 *     decrypted copies); {@link #state()} gives its default
 * @param encryption set when everything written to the repository is encrypted (age)
 */
public record RepositoryPolicy(Path path, Optional<Path> stateDir, Optional<EncryptionPolicy> encryption) {

    /** A plain local repository. */
    public RepositoryPolicy(Path path) {
        this(path, Optional.empty(), Optional.empty());
    }

    /** The state directory: as written, or {@code <path>.state} beside the repository, never inside it. */
    public Path state() {
        return stateDir.orElseGet(() -> path.resolveSibling(path.getFileName() + ".state"));
    }
}
