package io.pgkeeper.engine;

import io.pgkeeper.archive.WalArchive;
import io.pgkeeper.policy.ClusterPolicy;
import io.pgkeeper.process.ProcessRunner;
import io.pgkeeper.repository.Repository;
import io.pgkeeper.spool.Archiving;
import io.pgkeeper.util.OsIdentity;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What {@code archive push|get} work on, without the rest of a run's context: they run once per
 * WAL segment, so nothing is built that the engine does not use.
 *
 * @param archiving pgkeeper's own archive, synchronous or through the spool (archive.async)
 * @param spool the command line's --spool, which must name the policy's spool
 * @param runner made only when an engine runs a child process
 * @param source the policy file, for the engine's rendered configuration
 */
public record ArchiveSite(ClusterPolicy cluster, Repository repository, WalArchive wal, Archiving archiving, Optional<Path> spool,
        Supplier<ProcessRunner> runner, Map<String, String> env, OsIdentity os, Optional<String> source) {}
