package io.pgkeeper.cli;

import io.pgkeeper.engine.ArchiveSite;
import io.pgkeeper.engine.PhysicalEngine;
import io.pgkeeper.policy.ClusterPolicy;

/**
 * The WAL archive of one cluster of one policy, what {@code archive push|get} work on, in the full
 * CLI and in {@link ArchiveFastPath} alike: the engine the policy chose and what it works on.
 * Built by {@link CliContext#archive} only.
 */
record ArchiveTarget(ClusterPolicy cluster, PhysicalEngine engine, ArchiveSite site) {}
