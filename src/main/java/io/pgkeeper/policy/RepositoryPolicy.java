package io.pgkeeper.policy;

import java.nio.file.Path;

/** Where backups live: {@code <path>/<cluster>/logical|physical|wal|locks}. */
public record RepositoryPolicy(Path path) {}
