package io.pgkeeper.cli;

import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.policy.ClusterPolicy;

/**
 * The WAL archive of one cluster of one policy, what {@code archive push|get} work on, in the full
 * CLI and in {@link ArchiveFastPath} alike. Built by {@link CliContext#archive} only.
 */
record ArchiveTarget(ClusterPolicy cluster, WalArchive wal) {}
