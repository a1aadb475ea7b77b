package io.pgkeeper.engine;

import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.process.ProcessRunner;
import io.pgkeeper.repository.Repository;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What {@code archive push|get} work on, without the rest of a run's context: they run once per
 * WAL segment, so nothing is built that the engine does not use.
 *
 * @param runner made only when an engine runs a child process
 * @param source the policy file, for the engine's rendered configuration
 */
public record ArchiveSite(ClusterPolicy cluster, Repository repository, WalArchive wal, Supplier<ProcessRunner> runner,
        Map<String, String> env, Optional<String> source) {}
