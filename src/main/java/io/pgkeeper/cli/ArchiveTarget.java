package io.pgkeeper.cli;

import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.spool.Archiving;

/**
 * The WAL archive of one cluster of one policy, what {@code archive push|get} work on, in the full
 * CLI and in {@link ArchiveFastPath} alike. Built by {@link CliContext#archive} only.
 *
 * @param archiving push and get as the policy says: synchronous, or through the spool (archive.async)
 */
record ArchiveTarget(ClusterPolicy cluster, WalArchive wal, Archiving archiving) {}
