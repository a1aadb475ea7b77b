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
 */
public record RepositoryPolicy(Path path, Type type, Optional<S3Policy> s3) {
    /** The kinds of storage a repository may be on. */
    public enum Type { POSIX, S3 }

    public RepositoryPolicy {
        if ((type == Type.S3) != s3.isPresent()) {
            throw new IllegalArgumentException("repository.s3 is set exactly when repository.type is s3");
        }
    }

    /** A repository that is a local directory. */
    public RepositoryPolicy(Path path) {
        this(path, Type.POSIX, Optional.empty());
    }
}
