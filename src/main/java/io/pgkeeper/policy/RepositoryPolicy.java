package io.pgkeeper.policy;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where backups live: {@code <path>/<cluster>/logical|physical|wal|locks} on POSIX, the same keys
 * in a bucket with {@code type: s3}.
 *
 * @param path the local directory of this host's repository state: the repository itself with
 *     {@code type: posix}, {@code stateDir} with {@code type: s3} (locks, spool, staging, copies)
 * @param s3 the bucket, present exactly when {@code type} is {@link Type#S3}
 * @param stateDir with {@code type: posix}, the local directory for plaintext that must never
 *     enter the repository (staging, decrypted copies); {@link #state()} gives its default
 * @param encryption set when everything written to the repository is encrypted (age)
 */
public record RepositoryPolicy(Path path, Type type, Optional<S3Policy> s3, Optional<Path> stateDir, Optional<EncryptionPolicy> encryption) {
    /** The kinds of storage a repository may be on. */
    public enum Type { POSIX, S3 }

    public RepositoryPolicy {
        if ((type == Type.S3) != s3.isPresent()) {
            throw new IllegalArgumentException("repository.s3 is set exactly when repository.type is s3");
        }
    }

    /** A plain local repository. */
    public RepositoryPolicy(Path path) {
        this(path, Type.POSIX, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A repository without encryption. */
    public RepositoryPolicy(Path path, Type type, Optional<S3Policy> s3) {
        this(path, type, s3, Optional.empty(), Optional.empty());
    }

    /** A local repository, encrypted when {@code encryption} is set. */
    public RepositoryPolicy(Path path, Optional<Path> stateDir, Optional<EncryptionPolicy> encryption) {
        this(path, Type.POSIX, Optional.empty(), stateDir, encryption);
    }

    /**
     * The local state directory: with {@code type: s3} the {@code stateDir} ({@link #path()});
     * with {@code type: posix} as written, or {@code <path>.state} beside the repository, never inside it.
     */
    public Path state() {
        if (type == Type.S3) {
            return path;
        }
        return stateDir.orElseGet(() -> path.resolveSibling(path.getFileName() + ".state"));
    }
}
